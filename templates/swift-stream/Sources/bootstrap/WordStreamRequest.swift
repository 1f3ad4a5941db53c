import LambdaRuntime

/// What the event asks for; both fields are optional, as in the Python seed. The event is either the
/// request itself (a direct invocation: `{"sentence": ...}`) or a Function URL event (payload format
/// 2.0) whose `body` holds it, base64-encoded when `isBase64Encoded` is true. Whatever is wrong with
/// it is a `Problem` whose text says what to send: the runtime reports it as the invocation's error,
/// and the function stays up for the next one.
struct WordStreamRequest {
    var sentence = "Hello world"
    var delayMilliseconds = 500

    /// Longer pauses would only hold the function until its timeout.
    static let maximumDelayMilliseconds = 10_000

    enum Problem: Error, CustomStringConvertible {
        case notJSON(JSONValue.ParseError)
        case notBase64
        case notObject
        case sentenceNotString
        case badDelay

        var description: String {
            let reason: String
            switch self {
            case let .notJSON(error): reason = "the event is not JSON: \(error.reason) at byte \(error.offset)"
            case .notBase64: reason = "the request body is marked base64 but is not valid base64"
            case .notObject: reason = "the event is not a JSON object"
            case .sentenceNotString: reason = "\"sentence\" must be a string"
            case .badDelay: reason = "\"delay_ms\" must be a whole number from 0 to \(WordStreamRequest.maximumDelayMilliseconds)"
            }
            return reason + #"; send {"sentence": "some words", "delay_ms": 200}"#
        }
    }

    init(event: [UInt8]) throws(Problem) {
        guard event.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return }
        var json: JSONValue
        do { json = try JSONValue.parse(event) } catch { throw .notJSON(error) }
        if json["requestContext"] != nil {  // a Function URL event: the request is its body
            guard let text = json["body"]?.stringValue, !text.isEmpty else { return }
            var bytes = Array(text.utf8)
            if json["isBase64Encoded"]?.boolValue == true {
                guard let decoded = Base64.decode(text) else { throw .notBase64 }
                bytes = decoded
            }
            do { json = try JSONValue.parse(bytes) } catch { throw .notJSON(error) }
        }
        guard case .object = json else { throw .notObject }
        if let sentence = json["sentence"] {
            guard let text = sentence.stringValue else { throw .sentenceNotString }
            self.sentence = text
        }
        if let delay = json["delay_ms"] {
            guard let value = delay.intValue, (0...Self.maximumDelayMilliseconds).contains(value) else { throw .badDelay }
            delayMilliseconds = value
        }
    }
}
