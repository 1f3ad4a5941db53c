/// Why bytes could not be read or written as an event-stream message.
public enum EventStreamError: Error, Equatable, CustomStringConvertible {
    case preludeChecksumMismatch(expected: UInt32, actual: UInt32)
    case messageChecksumMismatch(expected: UInt32, actual: UInt32)
    case invalidLength(total: UInt32, headers: UInt32)
    case invalidHeader(String)
    case headerTooLong(name: String)
    case truncated(remaining: Int)
    case messageTooLong(length: Int)

    public var description: String {
        switch self {
        case .preludeChecksumMismatch(let expected, let actual):
            return "event-stream prelude CRC32 mismatch (frame says \(hex(expected)), bytes give \(hex(actual))): the stream is corrupt or not application/vnd.amazon.eventstream"
        case .messageChecksumMismatch(let expected, let actual):
            return "event-stream message CRC32 mismatch (frame says \(hex(expected)), bytes give \(hex(actual))): the stream is corrupt"
        case .invalidLength(let total, let headers):
            return "event-stream frame has impossible lengths (total \(total), headers \(headers)): the stream is corrupt or not application/vnd.amazon.eventstream"
        case .invalidHeader(let reason):
            return "event-stream header is malformed: \(reason)"
        case .headerTooLong(let name):
            return "event-stream header '\(name)' is too long to encode (names up to 255 bytes, values up to 65535 bytes)"
        case .messageTooLong(let length):
            return "event-stream message of \(length) bytes is over the 16 MiB frame limit: send the payload in smaller chunks"
        case .truncated(let remaining):
            return "event stream ended in the middle of a message (\(remaining) bytes of an incomplete frame): the connection was cut"
        }
    }
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
