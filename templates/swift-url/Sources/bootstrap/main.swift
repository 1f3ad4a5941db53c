// The word streamer behind a Function URL (invoke mode RESPONSE_STREAM): it answers with a status
// code and headers first, then one JSON line per word. The sentence comes from the request body
// (`{"sentence": "...", "delay_ms": 500}`) or from the query string (`?sentence=...&delay_ms=...`).
import LambdaRuntime

/// The parts of a Function URL event (payload format 2.0) this function reads.
struct WordStreamRequest {
    var sentence = "Hello world"
    var delayMilliseconds = 500

    enum Problem: Error, CustomStringConvertible {
        case badBody(String)
        var description: String {
            switch self {
            case let .badBody(reason): return "the request body is not a JSON object: \(reason)"
            }
        }
    }

    init(event: [UInt8]) throws {
        let json = try JSONValue.parse(event)
        // Query string first, the body wins when it has the field.
        if let query = json["queryStringParameters"] {
            if let sentence = query["sentence"]?.stringValue { self.sentence = sentence }
            if let delay = query["delay_ms"]?.stringValue.flatMap({ Int($0) }) { delayMilliseconds = max(0, delay) }
        }
        var body: JSONValue = json
        if json["requestContext"] != nil {  // a Function URL event; otherwise a direct invoke
            guard let text = json["body"]?.stringValue, !text.isEmpty else { return }
            var bytes = Array(text.utf8)
            if json["isBase64Encoded"]?.boolValue == true {
                guard let decoded = Base64.decode(text) else { throw Problem.badBody("invalid base64") }
                bytes = decoded
            }
            do { body = try JSONValue.parse(bytes) } catch { throw Problem.badBody("\(error)") }
        }
        if let sentence = body["sentence"]?.stringValue { self.sentence = sentence }
        if let delay = body["delay_ms"]?.intValue { delayMilliseconds = max(0, delay) }
    }
}

LambdaRuntime { event, writer, context in
    let request: WordStreamRequest
    do {
        request = try WordStreamRequest(event: event)
    } catch {
        try await writer.writeStatusAndHeaders(statusCode: 400, headers: ["content-type": "application/json"], cookies: [])
        try await writer.write(JSONValue.object([("error", .string("\(error)"))]).serialized + "\n")
        return
    }
    let words = request.sentence.split(whereSeparator: \.isWhitespace)
    try await writer.writeStatusAndHeaders(
        statusCode: 200,
        headers: ["content-type": "application/x-ndjson", "cache-control": "no-cache", "x-request-id": context.requestID],
        cookies: []
    )
    for (index, word) in words.enumerated() {
        if index > 0, request.delayMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(request.delayMilliseconds))
        }
        let line: JSONValue = .object([
            ("word", .string(String(word))),
            ("index", .number(Double(index))),
            ("total", .number(Double(words.count))),
        ])
        try await writer.write(line.serialized + "\n")
    }
    try await writer.finish()
}.start()
