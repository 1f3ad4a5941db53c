/// Minimal JSON helpers: quoting a string, and reading the string members of a flat object such as
/// an InvokeComplete payload.
///
/// Why not Foundation's JSONDecoder, the CLI side's one JSON approach: an InvokeComplete carries a
/// function's error, and JSONDecoder drops the whole object at the first flaw (a lone surrogate a
/// Python function's `json.dumps` wrote, a payload cut short), so `invoke` would lose the
/// ErrorCode and report success. This reader keeps every member it could read and turns lone
/// surrogates into U+FFFD. It is fuzzed (`scripts/fuzz jsonText`).
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
/// could read when the text is not well-formed (the caller only displays these values), and stops at
/// the first string that `JSONStringReader` refuses. Total on any bytes: it is fed the payload of
/// an `InvokeComplete` event, which a server (or anyone in the middle) controls.
public func flatJSONStrings(_ bytes: [UInt8]) -> [String: String] {
    var result: [String: String] = [:]
    var reader = JSONStringReader(bytes: bytes)
    reader.skipSpace()
    guard reader.consume(UInt8(ascii: "{")) else { return result }
    while !reader.isAtEnd {
        reader.skipSpace()
        guard let key = reader.readString() else { return result }
        reader.skipSpace()
        guard reader.consume(UInt8(ascii: ":")) else { return result }
        reader.skipSpace()
        if reader.peek() == UInt8(ascii: "\"") {
            guard let value = reader.readString() else { return result }
            result[key] = value
        } else {
            guard reader.skipValue() else { return result }
        }
        reader.skipSpace()
        guard reader.consume(UInt8(ascii: ",")) else { return result }
    }
    return result
}
