/// The data of one HTTP chunk, kept as the value the handler gave (not as a pointer into it), so
/// that when the socket is full the rest can be sent from the worker's own thread after the
/// calling task has suspended: the bytes stay alive in the closure and are never copied.
enum ResponseChunk: Sendable {
    case none
    case bytes([UInt8], Range<Int>)
    case text(String)

    var count: Int {
        switch self {
        case .none: return 0
        case let .bytes(_, range): return range.count
        case let .text(text): return text.utf8.count
        }
    }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(LambdaRuntimeError) -> R) throws(LambdaRuntimeError) -> R {
        switch self {
        case .none:
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        case let .bytes(array, range):
            return try array.withBytes { (raw) throws(LambdaRuntimeError) in
                try body(UnsafeRawBufferPointer(rebasing: raw[range]))
            }
        case var .text(text):
            var failure: LambdaRuntimeError?
            let result: R? = text.withUTF8 { utf8 in
                do throws(LambdaRuntimeError) { return try body(UnsafeRawBufferPointer(utf8)) } catch { failure = error; return nil }
            }
            if let failure { throw failure }
            return result!
        }
    }
}
