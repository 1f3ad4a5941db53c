// The seed design's word streamer, in Swift: the event `{"sentence": "...", "delay_ms": 500}` comes
// back as one JSON line `{"word":…,"index":…,"total":…}` per word, each sent as soon as it is ready.
import LambdaRuntime

/// What the event asks for; both fields are optional, as in the Python seed.
struct WordStreamRequest {
    var sentence = "Hello world"
    var delayMilliseconds = 500

    init(event: [UInt8]) throws {
        guard event.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return }
        let json = try JSONValue.parse(event)
        if let sentence = json["sentence"]?.stringValue { self.sentence = sentence }
        if let delay = json["delay_ms"]?.intValue { delayMilliseconds = max(0, delay) }
    }
}

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
