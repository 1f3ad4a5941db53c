import Foundation

/// The request `verify-url` sends and what it expects of the answer.
public struct VerifyRequest: Sendable {
    public var url: URL
    public var method: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    public var timeout: Double
    /// Skip TLS certificate checks (tests against a self-signed server only).
    public var insecure: Bool
    /// A PEM file of extra trusted CA certificates.
    public var caFile: String?
    public var expectations: VerifyExpectations
    /// Signed with SigV4 (`RequestSigner.sign`): a signature error then points at credentials.
    public var signed = false

    public init(url: URL, method: String = "GET", headers: [(String, String)] = [], body: [UInt8]? = nil, timeout: Double = 30,
                insecure: Bool = false, caFile: String? = nil, expectations: VerifyExpectations = VerifyExpectations()) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.insecure = insecure
        self.caFile = caFile
        self.expectations = expectations
    }
}

/// What makes a run pass. The streaming thresholds are documented in `StreamVerdict`.
public struct VerifyExpectations: Sendable {
    public var status: Int?
    /// Header name (any case) → exact value.
    public var headers: [(String, String)]
    public var minChunks: Int
    public var lines: Int?
    public var maxFirstByteMilliseconds: Double?
    /// Shortest time between the first and the last body read for a response to count as streamed.
    public var minSpreadMilliseconds: Double

    public init(status: Int? = nil, headers: [(String, String)] = [], minChunks: Int = 2, lines: Int? = nil,
                maxFirstByteMilliseconds: Double? = nil, minSpreadMilliseconds: Double = 100) {
        self.status = status
        self.headers = headers
        self.minChunks = minChunks
        self.lines = lines
        self.maxFirstByteMilliseconds = maxFirstByteMilliseconds
        self.minSpreadMilliseconds = minSpreadMilliseconds
    }
}
