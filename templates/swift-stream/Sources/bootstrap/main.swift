// The seed design's word streamer, in Swift: the event `{"sentence": "...", "delay_ms": 500}` comes
// back as one JSON line `{"word":…,"index":…,"total":…}` per word, each sent as soon as it is ready.
// The event may also be a Function URL event carrying that object as its body (WordStreamRequest.swift).
import LambdaRuntime

LambdaRuntime { event, writer, context in
    let request = try WordStreamRequest(event: event)
    let words = request.sentence.split(whereSeparator: \.isWhitespace)
    try writer.setContentType("application/x-ndjson")
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
