/// One `application/vnd.amazon.eventstream` message:
/// `total length · headers length · prelude CRC · headers · payload · message CRC` (all big-endian).
public struct EventStreamMessage: Equatable, Sendable {
    public var headers: [EventStreamHeader]
    public var payload: [UInt8]

    /// Frame overhead: 12-byte prelude (two lengths and their CRC) plus the 4-byte message CRC.
    static let overhead = 16
    /// AWS's limit for one frame; a larger length means the bytes are not an event stream.
    public static let maximumLength = 16 * 1024 * 1024

    public init(headers: [EventStreamHeader], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    /// The value of the first string header with that name (`:event-type`, `:message-type` ...).
    public subscript(header name: String) -> String? {
        headers.first { $0.name == name }?.value.stringValue
    }

    /// The framed bytes. Throws only when a header name or value is too long for its length field.
    public func encoded() throws -> [UInt8] {
        var headerBytes: [UInt8] = []
        for header in headers {
            let name = Array(header.name.utf8)
            guard name.count <= 255 else { throw EventStreamError.headerTooLong(name: header.name) }
            headerBytes.append(UInt8(name.count))
            headerBytes += name
            switch header.value {
            case .bool(let value): headerBytes.append(value ? 0 : 1)
            case .byte(let value): headerBytes += [2, UInt8(bitPattern: value)]
            case .int16(let value): headerBytes.append(3); headerBytes += bigEndian(UInt16(bitPattern: value))
            case .int32(let value): headerBytes.append(4); headerBytes += bigEndian(UInt32(bitPattern: value))
            case .int64(let value): headerBytes.append(5); headerBytes += bigEndian(UInt64(bitPattern: value))
            case .bytes(let value):
                guard value.count <= 0xFFFF else { throw EventStreamError.headerTooLong(name: header.name) }
                headerBytes.append(6); headerBytes += bigEndian(UInt16(value.count)); headerBytes += value
            case .string(let text):
                let value = Array(text.utf8)
                guard value.count <= 0xFFFF else { throw EventStreamError.headerTooLong(name: header.name) }
                headerBytes.append(7); headerBytes += bigEndian(UInt16(value.count)); headerBytes += value
            case .timestamp(let value): headerBytes.append(8); headerBytes += bigEndian(UInt64(bitPattern: value))
            case .uuid(let value):
                guard value.count == 16 else { throw EventStreamError.invalidHeader("uuid '\(header.name)' must be 16 bytes") }
                headerBytes.append(9); headerBytes += value
            }
        }
        let total = Self.overhead + headerBytes.count + payload.count
        // A frame past AWS's limit would be refused by every reader, this one included.
        guard total <= Self.maximumLength else { throw EventStreamError.messageTooLong(length: total) }
        var out: [UInt8] = []
        out.reserveCapacity(total)
        out += bigEndian(UInt32(total))
        out += bigEndian(UInt32(headerBytes.count))
        out += bigEndian(CRC32.checksum(out))
        out += headerBytes
        out += payload
        out += bigEndian(CRC32.checksum(out))
        return out
    }

    /// Reads one complete frame (exactly `frame.count` bytes, as cut by `EventStreamDecoder`). Every
    /// length is checked against the bytes there are before it is used, so a lying frame is an error
    /// and never a trap or an out-of-bounds read.
    static func decode(frame: ArraySlice<UInt8>) throws -> EventStreamMessage {
        let start = frame.startIndex
        guard let total = readUInt32(frame, at: start), let headersLength = readUInt32(frame, at: start + 4),
              let preludeCRC = readUInt32(frame, at: start + 8)
        else { throw EventStreamError.truncated(remaining: frame.count) }
        let actualPrelude = CRC32.checksum(frame[start..<start + 8])
        guard preludeCRC == actualPrelude else {
            throw EventStreamError.preludeChecksumMismatch(expected: preludeCRC, actual: actualPrelude)
        }
        // Widened to UInt64 so that no sum of two 32-bit lengths can overflow.
        guard UInt64(total) == UInt64(frame.count), UInt64(total) >= UInt64(overhead),
              UInt64(headersLength) + UInt64(overhead) <= UInt64(total)
        else { throw EventStreamError.invalidLength(total: total, headers: headersLength) }
        let end = frame.endIndex
        guard let messageCRC = readUInt32(frame, at: end - 4) else { throw EventStreamError.truncated(remaining: frame.count) }
        let actualMessage = CRC32.checksum(frame[start..<end - 4])
        guard messageCRC == actualMessage else {
            throw EventStreamError.messageChecksumMismatch(expected: messageCRC, actual: actualMessage)
        }
        let headersEnd = start + 12 + Int(headersLength)
        let headers = try decodeHeaders(frame[(start + 12)..<headersEnd])
        return EventStreamMessage(headers: headers, payload: Array(frame[headersEnd..<end - 4]))
    }

    /// The header block: `name length (1) · name · type (1) · value`, repeated to the block's end.
    static func decodeHeaders(_ block: ArraySlice<UInt8>) throws -> [EventStreamHeader] {
        var headers: [EventStreamHeader] = []
        var cursor = block.startIndex
        /// The next `count` bytes of the block, or an error when the block ends first.
        func take(_ count: Int, for what: String) throws -> ArraySlice<UInt8> {
            guard count <= block.endIndex - cursor else {
                throw EventStreamError.invalidHeader("\(what) runs past the end of the header block")
            }
            defer { cursor += count }
            return block[cursor..<cursor + count]
        }
        func integer(_ count: Int, for what: String) throws -> UInt64 {
            try take(count, for: what).reduce(0) { $0 << 8 | UInt64($1) }
        }
        while cursor < block.endIndex {
            let nameLength = Int(try integer(1, for: "a header name length"))
            guard let name = String(validating: try take(nameLength, for: "a header name"), as: UTF8.self) else {
                throw EventStreamError.invalidHeader("a header name is not UTF-8")
            }
            let type = try integer(1, for: "the type of header '\(name)'")
            let what = "the value of header '\(name)'"
            let value: EventStreamHeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = .byte(Int8(truncatingIfNeeded: try integer(1, for: what)))
            case 3: value = .int16(Int16(truncatingIfNeeded: try integer(2, for: what)))
            case 4: value = .int32(Int32(truncatingIfNeeded: try integer(4, for: what)))
            case 5: value = .int64(Int64(bitPattern: try integer(8, for: what)))
            case 8: value = .timestamp(Int64(bitPattern: try integer(8, for: what)))
            case 6, 7:
                let length = Int(try integer(2, for: "the length of header '\(name)'"))
                let bytes = try take(length, for: what)
                if type == 6 {
                    value = .bytes(Array(bytes))
                } else {
                    guard let text = String(validating: bytes, as: UTF8.self) else {
                        throw EventStreamError.invalidHeader("the string value of header '\(name)' is not UTF-8")
                    }
                    value = .string(text)
                }
            case 9: value = .uuid(Array(try take(16, for: what)))
            default: throw EventStreamError.invalidHeader("unknown value type \(type) for header '\(name)' (types are 0 to 9)")
            }
            headers.append(EventStreamHeader(name: name, value: value))
        }
        return headers
    }
}

func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    (0..<MemoryLayout<T>.size).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
}

/// The big-endian `UInt32` at `index`, or nil when fewer than 4 bytes are there.
func readUInt32(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32? {
    guard index >= bytes.startIndex, index <= bytes.endIndex, bytes.endIndex - index >= 4 else { return nil }
    return bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
}
