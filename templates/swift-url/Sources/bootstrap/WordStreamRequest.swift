import LambdaRuntime

/// The parts of a Function URL event (payload format 2.0), or of a direct invocation's event, that
/// the word streamer reads. Anyone who can reach the URL writes the body, so every way it can be
/// wrong is a `Problem` that becomes a 400 naming what to send, never a crash or a cold start.
struct WordStreamRequest {
    var sentence = "Hello world"
    var delayMilliseconds = 500

    /// Longer pauses would only hold the function until its timeout.
    static let maximumDelayMilliseconds = 10_000
    /// What a caller should send, quoted in every error.
    static let expected = #"send a JSON object such as {"sentence": "streams word by word", "delay_ms": 200}"#

    enum Problem: Error, CustomStringConvertible {
        case notBase64
        case notJSON(JSONValue.ParseError)
        case notObject
        case missingSentence
        case sentenceNotString
        case badDelay

        var description: String {
            let reason: String
            switch self {
            case .notBase64: reason = "the request body is marked base64 but is not valid base64"
            case let .notJSON(error): reason = "the request body is not a JSON object: \(error.reason) at byte \(error.offset)"
            case .notObject: reason = "the request body is not a JSON object"
            case .missingSentence: reason = "the request body has no \"sentence\""
            case .sentenceNotString: reason = "\"sentence\" must be a string"
            case .badDelay: reason = "\"delay_ms\" must be a whole number from 0 to \(WordStreamRequest.maximumDelayMilliseconds)"
            }
            return reason + "; " + WordStreamRequest.expected
        }
    }

    init(event: [UInt8]) throws(Problem) {
        let json: JSONValue
        do { json = try JSONValue.parse(event) } catch { throw .notJSON(error) }
        guard json["requestContext"] != nil else {  // a direct invoke: the event is the request
            try read(json, sentenceRequired: false)
            return
        }
        // Query string first; the body wins when it has the field.
        var querySentence = false
        if let query = json["queryStringParameters"] {
            if let sentence = query["sentence"]?.stringValue { self.sentence = sentence; querySentence = true }
            if let text = query["delay_ms"]?.stringValue {
                guard let delay = Int(text) else { throw .badDelay }
                try setDelay(delay)
            }
        }
        guard let text = json["body"]?.stringValue, !text.isEmpty else { return }
        var bytes = Array(text.utf8)
        if json["isBase64Encoded"]?.boolValue == true {
            guard let decoded = Base64.decode(text) else { throw .notBase64 }
            bytes = decoded
        }
        let body: JSONValue
        do { body = try JSONValue.parse(bytes) } catch { throw .notJSON(error) }
        try read(body, sentenceRequired: !querySentence)
    }

    private mutating func read(_ body: JSONValue, sentenceRequired: Bool) throws(Problem) {
        guard case .object = body else { throw .notObject }
        if let sentence = body["sentence"] {
            guard let text = sentence.stringValue else { throw .sentenceNotString }
            self.sentence = text
        } else if sentenceRequired {
            throw .missingSentence
        }
        if let delay = body["delay_ms"] {
            guard let value = delay.intValue else { throw .badDelay }
            try setDelay(value)
        }
    }

    private mutating func setDelay(_ value: Int) throws(Problem) {
        guard (0...Self.maximumDelayMilliseconds).contains(value) else { throw .badDelay }
        delayMilliseconds = value
    }
}
