import LambdaRuntime

/// `Base64.decode`, which reads `isBase64Encoded` bodies and error trailers. Invariants: any bytes
/// survive encode then decode, and whatever the fuzzer's text decodes to survives it too (whether
/// the decoder is lenient or strict, both must hold).
enum Base64Harness {
    static func check(_ bytes: [UInt8]) -> FuzzViolation? {
        guard Base64.decode(Base64.encode(bytes)) == bytes else {
            return FuzzViolation("decode(encode(bytes)) != bytes", Base64.encode(bytes))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let decoded = Base64.decode(text), Base64.decode(Base64.encode(decoded)) != decoded {
            return FuzzViolation("a decoded value does not survive encode then decode", text)
        }
        return nil
    }
}
