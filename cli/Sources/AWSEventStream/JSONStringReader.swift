/// A cursor over JSON bytes that reads string literals by RFC 8259's rules and skips other values,
/// for the few JSON payloads this target reads without a JSON library. Same rules as the runtime's
/// `JSONValue` parser: raw control characters and invalid UTF-8 make a string unreadable (nil), and a
/// lone surrogate escape becomes U+FFFD. Every read is bounds-checked.
struct JSONStringReader {
    let bytes: [UInt8]
    private(set) var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let c = peek(), c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 }
    }

    /// Moves past `byte` when it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// The string literal at the cursor, decoded; nil (cursor anywhere past the quote) when there is
    /// none or it is not valid JSON.
    mutating func readString() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var out = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            // `run` holds only validated UTF-8, so decoding it cannot replace anything.
            out.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while let c = peek() {
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                flush()
                return String(out)
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = peek() else { return nil }
                index += 1
                let scalar: Unicode.Scalar
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalar = Unicode.Scalar(escaped)
                case UInt8(ascii: "b"): scalar = "\u{8}"
                case UInt8(ascii: "f"): scalar = "\u{C}"
                case UInt8(ascii: "n"): scalar = "\n"
                case UInt8(ascii: "r"): scalar = "\r"
                case UInt8(ascii: "t"): scalar = "\t"
                case UInt8(ascii: "u"):
                    guard let unit = readHex4(), let combined = combine(unit) else { return nil }
                    scalar = combined
                default: return nil
                }
                flush()
                out.append(scalar)
            case 0x00..<0x20:
                return nil
            case 0x20..<0x80:
                run.append(c)
                index += 1
            default:
                guard let length = sequenceLength() else { return nil }
                run.append(contentsOf: bytes[index..<index + length])
                index += length
            }
        }
        return nil
    }

    /// Skips one non-string value (number, literal, array or object, strings inside included) up to
    /// the `,` or closing bracket that ends it; false when the text ends or a string inside is bad.
    mutating func skipValue() -> Bool {
        var depth = 0
        while let c = peek() {
            switch c {
            case UInt8(ascii: "\""):
                guard readString() != nil else { return false }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return true }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { return true }
            default: break
            }
            index += 1
        }
        return false
    }

    private mutating func readHex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A high surrogate takes the low surrogate of a directly following `\u` escape; any other
    /// surrogate is U+FFFD and a following escape is read on its own. Nil only for bad hex digits.
    private mutating func combine(_ unit: UInt32) -> Unicode.Scalar? {
        switch unit {
        case 0xD800...0xDBFF:
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                return "\u{FFFD}"
            }
            let resume = index
            index += 2
            guard let low = readHex4() else { return nil }
            guard (0xDC00...0xDFFF).contains(low) else {
                index = resume
                return "\u{FFFD}"
            }
            // Both units are range-checked, so the sum is at most 0x10FFFF.
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    /// The length of the valid UTF-8 sequence at the cursor (RFC 3629 section 4), nil if none.
    private func sequenceLength() -> Int? {
        func within(_ offset: Int, _ range: ClosedRange<UInt8>) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        guard let lead = peek() else { return nil }
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
}
