/// Bytes written as hexadecimal digits: SHA-256 digests (`doctor`, layer hashes, SigV4), the MD5
/// of a sample SQS body, and SigV4's `%XX` escapes.
///
/// One table lookup per nibble. `String(format: "%02x")`, which these sites used before, goes
/// through CoreFoundation's format parser once per byte: it was half of what signing a request
/// cost (the sigv4 fuzz target ran 3.3k inputs/s with it).
public enum HexText {
    static let lowercaseDigits = Array("0123456789abcdef".utf8)
    static let uppercaseDigits = Array("0123456789ABCDEF".utf8)

    /// `bytes` as lowercase hexadecimal, two digits per byte (`0a1b…`).
    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, to: &digits, using: lowercaseDigits) }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Appends `byte` as two uppercase digits (`%2F` needs `2F`), the form RFC 3986 recommends
    /// and SigV4 requires.
    public static func appendUppercase(_ byte: UInt8, to digits: inout [UInt8]) {
        append(byte, to: &digits, using: uppercaseDigits)
    }

    static func append(_ byte: UInt8, to digits: inout [UInt8], using table: [UInt8]) {
        digits.append(table[Int(byte >> 4)])
        digits.append(table[Int(byte & 0x0F)])
    }
}
