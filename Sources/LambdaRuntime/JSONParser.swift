/// The reader behind `JSONValue.parse`: RFC 8259 with no extensions, because a function's event comes
/// from anyone who can reach its URL, and a lenient reader both accepts what other readers refuse and
/// offers more corners to trap in. Every read is bounds-checked and every error carries the offset of
/// the first byte that is wrong.
///
/// Choices the RFC leaves open, made here:
/// - Invalid UTF-8 (overlong forms, encoded surrogates, code points past U+10FFFF, cut sequences) is
///   an error, as RFC 8259 section 8.1 requires UTF-8; a byte order mark is an error too.
/// - A `\u` escape of a lone surrogate (high without a following low, or low alone) becomes U+FFFD:
///   such text is common from JavaScript, and refusing it would turn a cosmetic flaw into a 400.
/// - Numbers beyond `Double`'s range (`1e400`) are an error rather than infinity, which JSON cannot
///   write back; numbers that underflow become 0.
/// - Repeated member names are kept in order (`JSONValue[key]` answers the last, as most readers do).
struct JSONParser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String, at offset: Int? = nil) -> JSONValue.ParseError {
        JSONValue.ParseError(offset: offset ?? index, reason: reason)
    }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func parseDocument() throws(JSONValue.ParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw error("a UTF-8 byte order mark; send the JSON text without it") }
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while let c = peek(), c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 }
    }

    mutating func expect(_ literal: StaticString, _ value: JSONValue) throws(JSONValue.ParseError) -> JSONValue {
        let start = index
        var matched = true
        literal.withUTF8Buffer { expected in
            for c in expected {
                guard index < bytes.count, bytes[index] == c else { matched = false; return }
                index += 1
            }
        }
        guard matched else { throw error("unexpected character (expected \(literal))", at: start) }
        return value
    }

    mutating func parseValue(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth < JSONValue.maximumDepth else { throw error("nesting deeper than \(JSONValue.maximumDepth) levels") }
        guard let c = peek() else { throw error("unexpected end of input") }
        switch c {
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        index += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(items)
            case nil: throw error("unterminated array")
            default: throw error("expected , or ] in array")
            }
        }
    }

    mutating func parseObject(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        index += 1  // {
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error(peek() == nil ? "unterminated object" : "expected a member name") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("expected : after the member name") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            case nil: throw error("unterminated object")
            default: throw error("expected , or } in object")
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` exactly; `Double` converts only text
    /// that matched, so its own looser syntax (`+1`, `.5`, `nan`, hex) never applies.
    mutating func parseNumber() throws(JSONValue.ParseError) -> JSONValue {
        let start = index
        func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard isDigit(peek()) else { throw error("a number needs a digit here") }
        if peek() == UInt8(ascii: "0") {
            index += 1
            if isDigit(peek()) { throw error("a number may not have a leading zero") }
        } else {
            while isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard isDigit(peek()) else { throw error("a number needs a digit after the decimal point") }
            while isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard isDigit(peek()) else { throw error("a number needs a digit in its exponent") }
            while isDigit(peek()) { index += 1 }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw error("number cannot be read", at: start)
        }
        guard value.isFinite else { throw error("number is too large for a 64-bit float", at: start) }
        return .number(value)
    }

    mutating func parseHex4() throws(JSONValue.ParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek() else { throw error("unterminated \\u escape") }
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The length of the valid UTF-8 sequence (2 to 4 bytes) that starts at `index`, by the table in
    /// RFC 3629 section 4; nil when it is not one.
    func validSequenceLength() -> Int? {
        func byte(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        func within(_ offset: Int, _ range: ClosedRange<UInt8>) -> Bool { byte(offset).map { range.contains($0) } ?? false }
        guard let lead = byte(0) else { return nil }
        switch lead {
        case 0xC2...0xDF: return within(1, 0x80...0xBF) ? 2 : nil
        case 0xE0: return within(1, 0xA0...0xBF) && within(2, 0x80...0xBF) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return within(1, 0x80...0xBF) && within(2, 0x80...0xBF) ? 3 : nil
        case 0xED: return within(1, 0x80...0x9F) && within(2, 0x80...0xBF) ? 3 : nil
        case 0xF0: return within(1, 0x90...0xBF) && within(2, 0x80...0xBF) && within(3, 0x80...0xBF) ? 4 : nil
        case 0xF1...0xF3: return within(1, 0x80...0xBF) && within(2, 0x80...0xBF) && within(3, 0x80...0xBF) ? 4 : nil
        case 0xF4: return within(1, 0x80...0x8F) && within(2, 0x80...0xBF) && within(3, 0x80...0xBF) ? 4 : nil
        default: return nil
        }
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [0xEF, 0xBF, 0xBD])
    }

    mutating func parseString() throws(JSONValue.ParseError) -> String {
        index += 1  // opening quote
        var out = [UInt8]()
        while true {
            guard let c = peek() else { throw error("unterminated string") }
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            case 0x00..<0x20:
                throw error("raw control character 0x\(String(c, radix: 16)) in a string; write it as an escape such as \\n or \\u00XX")
            case 0x20..<0x80:
                out.append(c)
                index += 1
            default:
                guard let length = validSequenceLength() else { throw error("invalid UTF-8 in a string; send UTF-8 text") }
                out.append(contentsOf: bytes[index..<index + length])
                index += length
            }
        }
    }

    mutating func parseEscape(into out: inout [UInt8]) throws(JSONValue.ParseError) {
        let start = index
        index += 1  // backslash
        guard let e = peek() else { throw error("unterminated escape") }
        index += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            Self.appendUTF8(try combineSurrogates(first: unit), to: &out)
        default: throw error("unknown escape; JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", at: start)
        }
    }

    /// The scalar a `\u` escape stands for. A high surrogate takes the low one of a following `\u`
    /// escape; otherwise (and for a low surrogate alone) the result is U+FFFD and a following escape
    /// is left to be read on its own, so `\ud800\u0041` is "\u{FFFD}A".
    mutating func combineSurrogates(first unit: UInt32) throws(JSONValue.ParseError) -> Unicode.Scalar {
        switch unit {
        case 0xD800...0xDBFF:
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                return "\u{FFFD}"
            }
            let resume = index
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                index = resume
                return "\u{FFFD}"
            }
            // Both units are range-checked above, so this is at most 0x10FFFF.
            let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }
}
