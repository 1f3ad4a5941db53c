// The word streamer behind a Function URL (invoke mode RESPONSE_STREAM): it answers with a status
// code and headers first, then one JSON line per word. The sentence comes from the request body
// (`{"sentence": "...", "delay_ms": 500}`) or from the query string (`?sentence=...&delay_ms=...`);
// a body it cannot read gets a 400 that says what to send (see WordStreamRequest.swift).
import LambdaRuntime

LambdaRuntime { event, writer, context in
    let request: WordStreamRequest
    do {
        request = try WordStreamRequest(event: event)
    } catch {
        try await writer.writeStatusAndHeaders(statusCode: 400, headers: ["content-type": "application/json"], cookies: [])
        try await writer.write(JSONValue.object([("error", .string("\(error)"))]).serialized + "\n")
        try await writer.finish()
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
