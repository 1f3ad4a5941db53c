import AWSEventStream

/// `EventStreamDecoder`, which reads what `serve` and AWS send to `lambdactl invoke`.
///
/// The first byte picks a chunk size (1...256); the rest is the stream. Invariants: feeding the
/// stream in those chunks gives the same messages, the same leftover and the same success as
/// feeding it at once; and each decoded message encodes back to exactly its frame, unless a header
/// name or string was not UTF-8 (the decoder then keeps U+FFFD), in which case the re-encoded
/// message must at least decode to the same message.
enum EventStreamHarness {
    static func check(_ input: [UInt8]) -> FuzzViolation? {
        guard let first = input.first else { return nil }
        let chunkSize = Int(first) + 1
        let stream = Array(input.dropFirst())

        var whole = EventStreamDecoder()
        let wholeMessages = try? whole.feed(stream)

        var chunked = EventStreamDecoder()
        var chunkedMessages: [EventStreamMessage] = []
        var chunkedFailed = false
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + chunkSize)
            do {
                chunkedMessages += try chunked.feed(stream[offset..<end])
            } catch {
                chunkedFailed = true
                break
            }
            offset = end
        }

        guard let wholeMessages else {
            if !chunkedFailed { return FuzzViolation("fed at once it throws, fed in \(chunkSize)-byte chunks it does not") }
            return nil
        }
        if chunkedFailed { return FuzzViolation("fed in \(chunkSize)-byte chunks it throws, fed at once it does not") }
        guard chunkedMessages == wholeMessages else {
            return FuzzViolation("chunked and whole feeding give different messages", "chunk size \(chunkSize)")
        }
        guard chunked.bufferedByteCount == whole.bufferedByteCount else {
            return FuzzViolation("chunked and whole feeding leave different leftovers",
                                 "\(chunked.bufferedByteCount) vs \(whole.bufferedByteCount)")
        }

        var frameStart = 0
        for message in wholeMessages {
            guard let length = frameLength(stream, at: frameStart), frameStart + length <= stream.count else {
                return FuzzViolation("a decoded message has no complete frame at offset \(frameStart)")
            }
            let frame = Array(stream[frameStart..<frameStart + length])
            frameStart += length
            let encoded = try? message.encoded()
            if encoded == frame { continue }
            guard replacedInvalidUTF8(message) else {
                return FuzzViolation("a decoded message does not encode back to its frame", "frame at \(frameStart - length)")
            }
            if let encoded {
                var decoder = EventStreamDecoder()
                guard let back = try? decoder.feed(encoded), back == [message] else {
                    return FuzzViolation("a re-encoded message does not decode to itself")
                }
            }
        }
        return nil
    }

    /// The big-endian total length at `offset`, read here independently of the decoder.
    static func frameLength(_ bytes: [UInt8], at offset: Int) -> Int? {
        guard offset >= 0, bytes.count - offset >= 4 else { return nil }
        var value = 0
        for byte in bytes[offset..<offset + 4] { value = value << 8 | Int(byte) }
        return value
    }

    static func replacedInvalidUTF8(_ message: EventStreamMessage) -> Bool {
        message.headers.contains { header in
            if header.name.unicodeScalars.contains("\u{FFFD}") { return true }
            if case .string(let text) = header.value { return text.unicodeScalars.contains("\u{FFFD}") }
            return false
        }
    }
}
