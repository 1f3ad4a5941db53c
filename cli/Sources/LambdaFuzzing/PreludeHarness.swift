import LambdaLocal

/// `HTTPIntegrationPreludeScanner` and `HTTPIntegrationPrelude(json:)`, which `serve` runs on what a
/// function streams back to a Function URL (the function, not lambdactl, controls these bytes).
///
/// The first byte picks a chunk size (1...256); the rest is the response stream. Invariant: fed in
/// those chunks or at once, the scanner finds the same prelude and passes on the same body bytes.
enum PreludeHarness {
    struct Outcome: Equatable {
        var prelude: HTTPIntegrationPrelude?
        var sawPrelude = false
        var body: [UInt8] = []
        var leftover: [UInt8] = []
    }

    static func check(_ input: [UInt8]) -> FuzzViolation? {
        guard let first = input.first else { return nil }
        let chunkSize = Int(first) + 1
        let stream = Array(input.dropFirst())
        let whole = scan([stream])
        var chunks: [[UInt8]] = []
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + chunkSize)
            chunks.append(Array(stream[offset..<end]))
            offset = end
        }
        let chunked = scan(chunks)
        guard whole == chunked else {
            return FuzzViolation("chunked and whole scanning disagree", "chunk size \(chunkSize)")
        }
        return nil
    }

    static func scan(_ chunks: [[UInt8]]) -> Outcome {
        var scanner = HTTPIntegrationPreludeScanner()
        var outcome = Outcome()
        for chunk in chunks {
            switch scanner.feed(chunk) {
            case .needMore: break
            case .prelude(let prelude, let body):
                outcome.prelude = prelude
                outcome.sawPrelude = true
                outcome.body += body
            case .body(let body): outcome.body += body
            }
        }
        if !scanner.isComplete { outcome.leftover = scanner.finish() }
        return outcome
    }
}
