/// The runtime's response writer: one streamed `POST /response` per invocation.
///
/// Every `write` is one HTTP chunk, sent by the calling task with one `sendmsg` on a `TCP_NODELAY`
/// socket: no queue, no thread hop, nothing buffered. The request head goes out with the first chunk
/// (or with `finish`), so the content type can still be chosen until then. Handlers get it from the
/// runtime; they do not create it.
public final class LambdaResponseWriter: LambdaResponseStreamWriter, @unchecked Sendable {
    /// The content type Lambda forwards to the caller for a plain stream.
    public static let defaultContentType = "application/octet-stream"
    /// The content type that tells Lambda the stream starts with a Function URL status/headers prelude.
    public static let httpIntegrationContentType = "application/vnd.awslambda.http-integration-response"
    /// A buffered response at or above this size is streamed instead (Lambda's buffered limit is 6 MB).
    public static let bufferedLimit = 6 * 1024 * 1024

    enum State { case idle, streaming, finished }

    private let client: RuntimeAPIClient
    private let offload: BlockingIOThread?
    public let requestID: String
    private(set) var state = State.idle
    private var contentType = LambdaResponseWriter.defaultContentType
    private var statusAndHeadersWritten = false
    private var bodyBytesWritten = 0
    /// A Runtime API failure seen while writing; the runtime exits on it after the handler returns.
    private(set) var connectionFailure: LambdaRuntimeError?

    init(client: RuntimeAPIClient, requestID: String, offload: BlockingIOThread? = nil) {
        self.client = client
        self.requestID = requestID
        self.offload = offload
    }

    private var requestName: String { "POST /runtime/invocation/\(requestID)/response" }

    /// Sets the `Content-Type` of a plain stream (default `application/octet-stream`). Call it before
    /// the first write.
    public func setContentType(_ contentType: String) throws {
        guard state == .idle else { throw LambdaResponseWriterError.contentTypeAfterBody }
        guard !contentType.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw LambdaResponseWriterError.invalidHeader(contentType)
        }
        self.contentType = contentType
    }

    private static func sizeLine(_ count: Int) -> [UInt8] { Array((String(count, radix: 16, uppercase: true) + "\r\n").utf8) }
    private static let crlf: [UInt8] = [0x0D, 0x0A]

    /// Complete chunks as bytes (size line, data, CRLF), for small framing pieces like the prelude.
    private static func framed(_ data: [UInt8]) -> [UInt8] { sizeLine(data.count) + data + crlf }

    /// Sends, in one `sendmsg`: the request head if not sent yet, `framedPrefix` (already framed
    /// chunks), and `chunk` framed as one HTTP chunk (its data is not copied).
    private func send(framedPrefix: [UInt8], chunk: UnsafeRawBufferPointer?) throws {
        if state == .finished { throw LambdaResponseWriterError.alreadyFinished }
        if let connectionFailure { throw connectionFailure }
        var prefix: [UInt8] = state == .idle ? client.streamHead(requestID: requestID, contentType: contentType) : []
        prefix += framedPrefix
        let data = chunk.flatMap { $0.count > 0 ? $0 : nil }
        if let data { prefix += Self.sizeLine(data.count) }
        do throws(LambdaRuntimeError) {
            try client.connection.connectIfNeeded()
            try prefix.withBytes { (prefixRaw) throws(LambdaRuntimeError) in
                if let data {
                    try Self.crlf.withBytes { (crlfRaw) throws(LambdaRuntimeError) in
                        try client.connection.send([prefixRaw, data, crlfRaw], request: requestName)
                    }
                } else if prefixRaw.count > 0 {
                    try client.connection.send([prefixRaw], request: requestName)
                }
            }
        } catch {
            connectionFailure = error
            throw error
        }
        state = .streaming
    }

    /// Writes raw memory as one chunk (the zero-copy path under the other `write`s).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try send(framedPrefix: [], chunk: bytes)
        bodyBytesWritten += bytes.count
    }

    public func write(_ bytes: [UInt8]) async throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(_ text: String) async throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    public func writeStatusAndHeaders(statusCode: Int, headers: [String: String], cookies: [String]) async throws {
        if state == .finished { throw LambdaResponseWriterError.alreadyFinished }
        guard !statusAndHeadersWritten else { throw LambdaResponseWriterError.statusAndHeadersAlreadyWritten }
        guard state == .idle else { throw LambdaResponseWriterError.statusAndHeadersAfterBody }
        var prelude = "{\"statusCode\":\(statusCode),\"headers\":{"
        for (index, (name, value)) in headers.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { prelude += "," }
            JSONValue.appendQuoted(name, to: &prelude)
            prelude += ":"
            JSONValue.appendQuoted(value, to: &prelude)
        }
        prelude += "}"
        if !cookies.isEmpty {
            prelude += ",\"cookies\":["
            for (index, cookie) in cookies.enumerated() {
                if index > 0 { prelude += "," }
                JSONValue.appendQuoted(cookie, to: &prelude)
            }
            prelude += "]"
        }
        prelude += "}"
        contentType = Self.httpIntegrationContentType
        // The prelude and the 8 NUL separator go as two chunks: some Runtime API servers
        // (cargo-lambda) look for the separator as a chunk of its own.
        try send(framedPrefix: Self.framed(Array(prelude.utf8)) + Self.framed([UInt8](repeating: 0, count: 8)), chunk: nil)
        statusAndHeadersWritten = true
    }

    public func finish() async throws {
        try await finish(error: nil)
    }

    /// Ends the stream: `0\r\n`, the error trailers when `error` is set, `\r\n`; then reads the
    /// Runtime API's answer.
    func finish(error: LambdaErrorReport?) async throws {
        if state == .finished { throw LambdaResponseWriterError.alreadyFinished }
        if let connectionFailure { throw connectionFailure }
        var tail = "0\r\n"
        if let error {
            tail += "Lambda-Runtime-Function-Error-Type: \(error.headerType)\r\n"
            tail += "Lambda-Runtime-Function-Error-Body: \(Base64.encode(Array(error.json.utf8)))\r\n"
        }
        tail += "\r\n"
        let head: [UInt8] = state == .idle ? client.streamHead(requestID: requestID, contentType: contentType) : []
        do throws(LambdaRuntimeError) {
            try client.connection.connectIfNeeded()
            try client.connection.send(head + Array(tail.utf8), request: requestName)
            state = .finished
            let (client, requestID) = (client, requestID)
            try await offload.perform { () throws(LambdaRuntimeError) in try client.finishStream(requestID: requestID) }
        } catch let failure {
            state = .finished
            connectionFailure = failure
            throw failure
        }
    }

    /// The buffered path: a body below 6 MB goes with a Content-Length; a larger one is streamed in
    /// 1 MB chunks instead of being refused by Lambda.
    func sendBuffered(_ body: [UInt8]) async throws {
        guard state == .idle else {
            if state == .streaming { try body.withUnsafeBytes { try write($0) } }
            return
        }
        if body.count >= Self.bufferedLimit {
            try body.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let end = min(raw.count, offset + 1024 * 1024)
                    try write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                    offset = end
                }
            }
            try await finish(error: nil)
            return
        }
        do throws(LambdaRuntimeError) {
            let (client, requestID) = (client, requestID)
            try await offload.perform { () throws(LambdaRuntimeError) in
                try body.withBytes { (raw) throws(LambdaRuntimeError) in
                    try client.postResponse(requestID: requestID, body: raw, contentType: nil)
                }
            }
            state = .finished
        } catch let failure {
            state = .finished
            connectionFailure = failure
            throw failure
        }
    }
}
