/// Cuts a byte stream into event-stream messages however the transport split it: feed it bytes as
/// they arrive (one HTTP chunk, one byte, or many messages at once) and take the complete messages.
///
/// ```swift
/// var decoder = EventStreamDecoder()
/// for message in try decoder.feed(chunk) { ... }
/// try decoder.finish()   // at end of stream: throws if a frame was cut
/// ```
public struct EventStreamDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// Bytes received but not yet part of a complete message.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes and returns every message they complete, in order.
    public mutating func feed<C: Collection>(_ bytes: C) throws -> [EventStreamMessage] where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        var messages: [EventStreamMessage] = []
        while let message = try next() { messages.append(message) }
        if start > 0 && start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return messages
    }

    /// The next complete message, or nil when more bytes are needed.
    public mutating func next() throws -> EventStreamMessage? {
        let available = buffer.count - start
        guard available >= 12 else { return nil }
        let slice = buffer[start...]
        guard let total = readUInt32(slice, at: start), let headers = readUInt32(slice, at: start + 4),
              let preludeCRC = readUInt32(slice, at: start + 8)
        else { return nil }
        let actual = CRC32.checksum(slice[start..<start + 8])
        // Check the prelude before trusting its lengths, so garbage fails at once instead of waiting
        // for gigabytes that will never come.
        guard preludeCRC == actual else {
            throw EventStreamError.preludeChecksumMismatch(expected: preludeCRC, actual: actual)
        }
        guard UInt64(total) >= UInt64(EventStreamMessage.overhead), UInt64(total) <= UInt64(EventStreamMessage.maximumLength),
              UInt64(headers) + UInt64(EventStreamMessage.overhead) <= UInt64(total)
        else { throw EventStreamError.invalidLength(total: total, headers: headers) }
        guard available >= Int(total) else { return nil }
        let message = try EventStreamMessage.decode(frame: buffer[start..<start + Int(total)])
        start += Int(total)
        return message
    }

    /// Call at end of stream: throws `truncated` if bytes of an unfinished message remain.
    public func finish() throws {
        if bufferedByteCount > 0 { throw EventStreamError.truncated(remaining: bufferedByteCount) }
    }
}
