/// The Runtime API calls (`/next`, `/response`, `/error`, `/init/error`) over one `HTTPConnection`.
///
/// Request heads are assembled as bytes and sent with the first body bytes in one `sendmsg`.
final class RuntimeAPIClient: @unchecked Sendable {
    static let apiVersion = "/2018-06-01"
    static let userAgent = "lambdactl-runtime/1"
    /// Announced on every streamed response, because HTTP requires a trailer to be announced before
    /// the body starts and the runtime cannot know in advance whether the handler will fail.
    static let trailerAnnouncement = "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"

    let connection: HTTPConnection
    var endpoint: RuntimeAPIEndpoint { connection.endpoint }

    init(endpoint: RuntimeAPIEndpoint) {
        connection = HTTPConnection(endpoint: endpoint)
    }

    private func head(_ method: String, _ path: String, _ extra: [(String, String)]) -> [UInt8] {
        var text = "\(method) \(endpoint.pathPrefix)\(Self.apiVersion)\(path) HTTP/1.1\r\nHost: \(endpoint.authority)\r\nUser-Agent: \(Self.userAgent)\r\n"
        for (name, value) in extra { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    // MARK: /next

    /// Blocks until Lambda hands out the next event. A keep-alive socket that the server closed while
    /// idle is reopened once; a second failure (or a refused connection) is fatal.
    func next() throws(LambdaRuntimeError) -> Invocation {
        let request = "GET /runtime/invocation/next"
        let bytes = head("GET", "/runtime/invocation/next", [])
        var response: HTTPResponse
        do {
            try connection.connectIfNeeded()
            let reused = connection.repliesOnSocket > 0
            do {
                try connection.send(bytes, request: request)
                response = try connection.readResponse(request: request)
            } catch {
                guard reused, case .connectionClosed = error else { throw error }
                connection.close()
                try connection.connectIfNeeded()
                try connection.send(bytes, request: request)
                response = try connection.readResponse(request: request)
            }
        }
        guard response.status == 200 else {
            throw .unexpectedStatus(request: request, status: response.status, body: String(decoding: response.body, as: UTF8.self))
        }
        guard let requestID = response.header("lambda-runtime-aws-request-id"), !requestID.isEmpty else {
            throw .missingRequestID
        }
        return Invocation(
            requestID: requestID,
            deadlineMilliseconds: Self.deadline(response.header("lambda-runtime-deadline-ms")),
            invokedFunctionARN: response.header("lambda-runtime-invoked-function-arn") ?? "",
            traceID: response.header("lambda-runtime-trace-id"),
            clientContext: response.header("lambda-runtime-client-context"),
            cognitoIdentity: response.header("lambda-runtime-cognito-identity"),
            event: response.body
        )
    }

    /// Lambda sends epoch milliseconds; some local emulators (cargo-lambda) send a duration instead.
    /// A value too small to be a date after 1973 is read as "milliseconds from now".
    static func deadline(_ header: String?) -> Int64 {
        let now = WallClock.nowMilliseconds()
        guard let header, let value = Int64(header) else { return now + 900_000 }
        return value < 100_000_000_000 ? now + value : value
    }

    // MARK: responses

    private func expectAccepted(_ request: String) throws(LambdaRuntimeError) {
        let response = try connection.readResponse(request: request)
        guard (200..<300).contains(response.status) else {
            throw .unexpectedStatus(request: request, status: response.status, body: String(decoding: response.body, as: UTF8.self))
        }
    }

    /// `POST /response` with the whole body and a Content-Length (the buffered mode, < 6 MB).
    func postResponse(requestID: String, body: UnsafeRawBufferPointer, contentType: String?) throws(LambdaRuntimeError) {
        let request = "POST /runtime/invocation/\(requestID)/response"
        var extra = [("Content-Length", String(body.count))]
        if let contentType { extra.append(("Content-Type", contentType)) }
        let bytes = head("POST", "/runtime/invocation/\(requestID)/response", extra)
        try connection.connectIfNeeded()
        _ = try bytes.withBytes { (raw) throws(LambdaRuntimeError) in try connection.send([raw, body], request: request) }
        try expectAccepted(request)
    }

    /// The head of a streamed `POST /response` (sent together with the first chunk by the writer).
    func streamHead(requestID: String, contentType: String) -> [UInt8] {
        head("POST", "/runtime/invocation/\(requestID)/response", [
            ("Lambda-Runtime-Function-Response-Mode", "streaming"),
            ("Transfer-Encoding", "chunked"),
            ("Trailer", Self.trailerAnnouncement),
            ("Content-Type", contentType),
        ])
    }

    /// Reads the Runtime API's answer once a streamed body is complete.
    func finishStream(requestID: String) throws(LambdaRuntimeError) {
        try expectAccepted("POST /runtime/invocation/\(requestID)/response")
    }

    /// `POST /error` (before any response byte) with the error JSON.
    func postError(requestID: String, error: LambdaErrorReport) throws(LambdaRuntimeError) {
        try post(path: "/runtime/invocation/\(requestID)/error", error: error)
    }

    /// `POST /init/error`; the caller exits afterwards.
    func postInitError(_ error: LambdaErrorReport) throws(LambdaRuntimeError) {
        try post(path: "/runtime/init/error", error: error)
    }

    private func post(path: String, error: LambdaErrorReport) throws(LambdaRuntimeError) {
        let request = "POST \(path)"
        let body = Array(error.json.utf8)
        let bytes = head("POST", path, [
            ("Lambda-Runtime-Function-Error-Type", error.headerType),
            ("Content-Type", "application/json"),
            ("Content-Length", String(body.count)),
        ]) + body
        try connection.connectIfNeeded()
        try connection.send(bytes, request: request)
        try expectAccepted(request)
    }
}
