/// A small JSON value with a parser and a serializer, so that functions built on the runtime core can
/// read events and write JSON lines without Foundation (whose `JSONSerialization`/Codable would double
/// the binary and pull `GLIBC_2.35`). Use `LambdaRuntimeFoundation` when Codable is worth that cost.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member `key` of an object (the last one when repeated), `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last(where: { $0.0 == key })?.1
    }

    public var stringValue: String? { if case let .string(s) = self { return s }; return nil }
    public var doubleValue: Double? { if case let .number(n) = self { return n }; return nil }
    public var boolValue: Bool? { if case let .bool(b) = self { return b }; return nil }
    /// A number that is a whole value in `Int` range.
    public var intValue: Int? {
        guard case let .number(n) = self, n.rounded() == n, abs(n) < 9.0e15 else { return nil }
        return Int(n)
    }
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { return a }; return nil }

    // MARK: - Parsing

    /// Parses UTF-8 JSON text strictly by RFC 8259, so that what a function accepts is what every
    /// other JSON reader accepts too (see `JSONParser` for the rules: numbers by the grammar, no raw
    /// control characters, no invalid UTF-8, lone surrogate escapes become U+FFFD, depth capped at
    /// `maximumDepth`). Throws `JSONValue.ParseError` with the byte offset; never traps.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes))
        return try parser.parseDocument()
    }

    public static func parse(_ text: String) throws(ParseError) -> JSONValue { try parse(Array(text.utf8)) }

    /// Nesting deeper than this is refused: the parser recurses, and a hostile `[[[[…` must fail
    /// with an error, not overflow the stack of the thread the handler runs on.
    public static let maximumDepth = 512

    /// Why a JSON text could not be read and at which byte offset.
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let offset: Int
        public let reason: String
        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }
        public var description: String { "invalid JSON at byte \(offset): \(reason); send a valid JSON document (RFC 8259)" }
    }

    // MARK: - Serializing

    /// Compact JSON text (members in their stored order; whole numbers without a fraction).
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(n):
            if n.rounded() == n, abs(n) < 9.0e15 { out += String(Int64(n)) } else if n.isFinite { out += String(n) } else { out += "null" }
        case let .string(s): JSONValue.appendQuoted(s, to: &out)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                JSONValue.appendQuoted(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// `"text"` with JSON escapes, appended to `out`. Works on UTF-8 bytes and copies runs that
    /// need no escape in one go (a 4 KB string is one append, not 4000).
    public static func appendQuoted(_ text: String, to out: inout String) {
        var text = text
        let escaped: String = text.withUTF8 { bytes -> String in
            var result = [UInt8]()
            result.reserveCapacity(bytes.count + 2)
            result.append(UInt8(ascii: "\""))
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): result.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): result.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: result.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: result.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: result.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    result.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                               hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
            }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            result.append(UInt8(ascii: "\""))
            return String(decoding: result, as: UTF8.self)
        }
        out += escaped
    }

    /// `"text"` with JSON escapes.
    public static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }
}
