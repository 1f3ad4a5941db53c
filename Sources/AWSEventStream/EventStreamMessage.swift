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

    /// Reads one complete frame (exactly `frame.count` bytes, as cut by `EventStreamDecoder`).
    static func decode(frame: ArraySlice<UInt8>) throws -> EventStreamMessage {
        let start = frame.startIndex
        let total = readUInt32(frame, at: start)
        let headersLength = Int(readUInt32(frame, at: start + 4))
        let preludeCRC = readUInt32(frame, at: start + 8)
        let actualPrelude = CRC32.checksum(frame[start..<start + 8])
        guard preludeCRC == actualPrelude else {
            throw EventStreamError.preludeChecksumMismatch(expected: preludeCRC, actual: actualPrelude)
        }
        let end = start + Int(total)
        let messageCRC = readUInt32(frame, at: end - 4)
        let actualMessage = CRC32.checksum(frame[start..<end - 4])
        guard messageCRC == actualMessage else {
            throw EventStreamError.messageChecksumMismatch(expected: messageCRC, actual: actualMessage)
        }
        var headers: [EventStreamHeader] = []
        var cursor = start + 12
        let headersEnd = cursor + headersLength
        func need(_ count: Int) throws {
            guard cursor + count <= headersEnd else { throw EventStreamError.invalidHeader("a header runs past the header block") }
        }
        while cursor < headersEnd {
            try need(1)
            let nameLength = Int(frame[cursor]); cursor += 1
            try need(nameLength + 1)
            let name = String(decoding: frame[cursor..<cursor + nameLength], as: UTF8.self)
            cursor += nameLength
            let type = frame[cursor]; cursor += 1
            let value: EventStreamHeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: try need(1); value = .byte(Int8(bitPattern: frame[cursor])); cursor += 1
            case 3: try need(2); value = .int16(Int16(bitPattern: readUInt16(frame, at: cursor))); cursor += 2
            case 4: try need(4); value = .int32(Int32(bitPattern: readUInt32(frame, at: cursor))); cursor += 4
            case 5, 8:
                try need(8)
                var raw: UInt64 = 0
                for byte in frame[cursor..<cursor + 8] { raw = raw << 8 | UInt64(byte) }
                cursor += 8
                value = type == 5 ? .int64(Int64(bitPattern: raw)) : .timestamp(Int64(bitPattern: raw))
            case 6, 7:
                try need(2)
                let length = Int(readUInt16(frame, at: cursor)); cursor += 2
                try need(length)
                let bytes = Array(frame[cursor..<cursor + length]); cursor += length
                value = type == 6 ? .bytes(bytes) : .string(String(decoding: bytes, as: UTF8.self))
            case 9: try need(16); value = .uuid(Array(frame[cursor..<cursor + 16])); cursor += 16
            default: throw EventStreamError.invalidHeader("unknown value type \(type) for header '\(name)'")
            }
            headers.append(EventStreamHeader(name: name, value: value))
        }
        return EventStreamMessage(headers: headers, payload: Array(frame[headersEnd..<end - 4]))
    }
}

func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    (0..<MemoryLayout<T>.size).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
}

func readUInt32(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32 {
    bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
}

func readUInt16(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt16 {
    UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
}
