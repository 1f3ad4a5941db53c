import LambdaAWS
/// Everything observed while reading one response, with times in milliseconds since the request
/// was sent.
public struct StreamRecording: Codable, Sendable {
    public struct Read: Codable, Sendable {
        public var atMilliseconds: Double
        public var bytes: Int
    }

    public var status: Int?
    public var headers: [String: String]
    /// Time to the response head (status line and headers).
    public var headersMilliseconds: Double?
    /// Time to the first body byte.
    public var firstByteMilliseconds: Double?
    public var reads: [Read]
    public var totalMilliseconds: Double
    public var totalBytes: Int
    public var body: [UInt8]
    /// False when the body ended without its terminating chunk (connection closed mid-stream).
    public var completed: Bool
    public var timedOut: Bool
    /// A transport failure before any response: connection refused, DNS, TLS.
    public var networkError: String?
    /// `networkError`'s cause.
    public var networkFailure: NetworkFailure?
    /// A failure while reading the body (stream cut short).
    public var bodyError: String?

    public init() {
        headers = [:]
        reads = []
        totalMilliseconds = 0
        totalBytes = 0
        body = []
        completed = false
        timedOut = false
    }

    /// Complete lines (ending in `\n`) plus a final partial line, as a line-oriented reader sees them.
    public var lineCount: Int {
        var count = body.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if let last = body.last, last != 0x0A { count += 1 }
        return count
    }

    /// Time between the first and the last body read.
    public var spreadMilliseconds: Double {
        guard let first = reads.first, let last = reads.last else { return 0 }
        return last.atMilliseconds - first.atMilliseconds
    }
}
