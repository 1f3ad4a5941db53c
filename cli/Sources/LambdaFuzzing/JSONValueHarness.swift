import LambdaRuntime

/// `JSONValue`, the parser every function on the runtime core runs on its event.
///
/// Invariants: whatever parses serializes to text that parses again to the same value (numbers
/// that JSON cannot carry, the infinities of `1e999`, are written as `null`, so they compare as
/// `null`), and serializing that second value gives the same text (the writer is a fixed point).
enum JSONValueHarness {
    static func check(_ bytes: [UInt8]) -> FuzzViolation? {
        guard let value = try? JSONValue.parse(bytes) else { return nil }
        let text = value.serialized
        guard let again = try? JSONValue.parse(text) else {
            return FuzzViolation("serialized JSON does not parse again", text)
        }
        guard again == writable(value) else {
            return FuzzViolation("parse(serialize(v)) != v", text)
        }
        let textAgain = again.serialized
        guard textAgain == text else {
            return FuzzViolation("serialization is not a fixed point", "\(text) then \(textAgain)")
        }
        return nil
    }

    /// The value as JSON can write it: non-finite numbers become `null`.
    static func writable(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let n) where !n.isFinite: return .null
        case .array(let items): return .array(items.map(writable))
        case .object(let members): return .object(members.map { ($0.0, writable($0.1)) })
        default: return value
        }
    }
}
