/// Minimal JSON helpers so this target stays dependency-free (no Foundation): quoting a string, and
/// reading the string members of a flat object such as an InvokeComplete payload.
public func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let digits = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// The string-valued members of a flat JSON object; other members are skipped. Returns what it
/// could read when the text is not well-formed (the caller only displays these values).
func flatJSONStrings(_ bytes: [UInt8]) -> [String: String] {
    var result: [String: String] = [:]
    let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    var index = 0
    func skipSpace() { while index < scalars.count, " \n\r\t".unicodeScalars.contains(scalars[index]) { index += 1 } }
    func readString() -> String? {
        guard index < scalars.count, scalars[index] == "\"" else { return nil }
        index += 1
        var out = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]; index += 1
            if scalar == "\"" { return String(out) }
            if scalar == "\\", index < scalars.count {
                let escaped = scalars[index]; index += 1
                switch escaped {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "b": out.append("\u{8}")
                case "f": out.append("\u{C}")
                case "u":
                    guard index + 4 <= scalars.count,
                          let code = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16)
                    else { return nil }
                    index += 4
                    var value = code
                    if (0xD800..<0xDC00).contains(code), index + 6 <= scalars.count, scalars[index] == "\\",
                       scalars[index + 1] == "u",
                       let low = UInt32(String(String.UnicodeScalarView(scalars[index + 2..<index + 6])), radix: 16) {
                        value = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                default: out.append(escaped)
                }
            } else {
                out.append(scalar)
            }
        }
        return nil
    }
    func skipValue() {
        var depth = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" { _ = readString(); continue }
            if scalar == "{" || scalar == "[" { depth += 1 }
            if scalar == "}" || scalar == "]" { if depth == 0 { return }; depth -= 1 }
            if scalar == "," && depth == 0 { return }
            index += 1
        }
    }
    skipSpace()
    guard index < scalars.count, scalars[index] == "{" else { return result }
    index += 1
    while index < scalars.count {
        skipSpace()
        guard let key = readString() else { return result }
        skipSpace()
        guard index < scalars.count, scalars[index] == ":" else { return result }
        index += 1
        skipSpace()
        if index < scalars.count, scalars[index] == "\"" {
            if let value = readString() { result[key] = value }
        } else {
            skipValue()
        }
        skipSpace()
        if index < scalars.count, scalars[index] == "," { index += 1; continue }
        return result
    }
    return result
}
