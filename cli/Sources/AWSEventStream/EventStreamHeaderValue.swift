/// A typed header value. Lambda only sends strings; the other types exist so that a decoder can skip
/// any header an AWS service adds without losing its place in the frame.
public enum EventStreamHeaderValue: Equatable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case byte(Int8)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case bytes([UInt8])
    case string(String)
    case timestamp(Int64)
    case uuid([UInt8])

    /// The value as text when it is a string (the only type Lambda's headers use).
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var description: String {
        switch self {
        case .bool(let value): return String(value)
        case .byte(let value): return String(value)
        case .int16(let value): return String(value)
        case .int32(let value): return String(value)
        case .int64(let value): return String(value)
        case .bytes(let value): return "<\(value.count) bytes>"
        case .string(let value): return value
        case .timestamp(let value): return "timestamp(\(value))"
        case .uuid(let value): return "uuid(\(value.count) bytes)"
        }
    }
}
