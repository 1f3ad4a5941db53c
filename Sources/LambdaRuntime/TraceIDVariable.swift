/// `_X_AMZN_TRACE_ID` for X-Ray SDKs, set for each invocation without allocating.
///
/// Why not `setenv`: glibc never frees the strings `setenv` copies (another thread may still be
/// reading one through `getenv`), so a distinct trace id per invocation leaks ~140 bytes each.
/// Instead the variable points, through `putenv`, at one buffer this type owns, and each invocation
/// overwrites the value bytes in place.
///
/// Safety: the buffer is never freed (`environ` may point at it for the life of the process), and
/// its last byte is a NUL that is never overwritten, so a thread reading the variable while it is
/// being rewritten sees, at worst, a mix of two trace ids, never memory outside the buffer. Code
/// that runs in the invocation (after `set`) sees the whole new value. A value longer than the
/// buffer moves the variable to a buffer twice as large; the old one is kept alive for the same
/// reason (bounded: header values are at most 64 KiB, so at most a handful of moves).
///
/// Used only with one worker: with several invocations at once a process-wide variable cannot
/// belong to any of them, so the runtime does not set it (handlers use `context.traceID`).
final class TraceIDVariable {
    private static let prefix = Array("_X_AMZN_TRACE_ID=".utf8)
    private var storage: UnsafeMutablePointer<CChar>
    /// Value bytes the buffer holds (the terminating NULs not counted).
    private var capacity: Int
    /// Whether `environ` points at `storage` (false after an invocation without a trace id).
    private var installed = false

    init(capacity: Int = 256) {
        self.capacity = capacity
        storage = Self.allocate(capacity: capacity)
    }

    private static func allocate(capacity: Int) -> UnsafeMutablePointer<CChar> {
        // prefix, value, the value's NUL, and a final NUL that is never overwritten.
        let size = prefix.count + capacity + 2
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        buffer.initialize(repeating: 0, count: size)
        for (index, byte) in prefix.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        return buffer
    }

    /// Sets the variable to `value` (up to its first NUL byte), or removes it when `value` is nil.
    func set(_ value: String?) {
        guard var value else {
            if installed {
                unsetenv("_X_AMZN_TRACE_ID")
                installed = false
            }
            return
        }
        value.withUTF8 { utf8 in
            let length = utf8.firstIndex(of: 0) ?? utf8.count
            if length > capacity {
                // max(1, ...): doubling a zero capacity would never reach `length`.
                var grown = max(1, capacity)
                while grown < length { grown = grown > Int.max / 4 ? length : grown * 2 }
                // The old buffer is deliberately not freed (see the type's comment).
                storage = Self.allocate(capacity: grown)
                capacity = grown
                installed = false
            }
            let start = storage + Self.prefix.count
            for index in 0..<length { start[index] = CChar(bitPattern: utf8[index]) }
            start[length] = 0
        }
        if !installed {
            putenv(storage)
            installed = true
        }
    }
}
