/// The runtime's response writer: one streamed `POST /response` per invocation.
///
/// Every `write` is one HTTP chunk, sent by the calling task with one `sendmsg` on a `TCP_NODELAY`
/// socket: no queue, nothing buffered. The request head goes out with the first chunk (or with
/// `finish`), so the content type can still be chosen until then. Handlers get it from the runtime;
/// they do not create it.
///
/// With several invocations at once (`AWS_LAMBDA_MAX_CONCURRENCY` > 1) a write never waits on a
/// cooperative-pool thread: it tries a non-blocking `sendmsg` first (the common case: the bytes fit
/// in the socket buffer, no thread hop), and when the reader is slow the task suspends while the
/// worker's own thread sends the rest. Lambda throttles streams to 2 MB/s after 6 MB, so a few
/// big streams would otherwise hold every pool thread and stall all other invocations.
///
/// A response is one ordered byte stream, so one task writes at a time: a call made while another
/// is still in progress throws `LambdaResponseWriterError.concurrentUse` (nothing is sent). That
/// gate, taken under a lock, is what guards the mutable state below.
public final class LambdaResponseWriter: LambdaResponseStreamWriter, @unchecked Sendable {
    /// The content type Lambda forwards to the caller for a plain stream.
    public static let defaultContentType = "application/octet-stream"
    /// The content type that tells Lambda the stream starts with a Function URL status/headers prelude.
    public static let httpIntegrationContentType = "application/vnd.awslambda.http-integration-response"
    /// A buffered response at or above this size is streamed instead (Lambda's buffered limit is 6 MB).
    public static let bufferedLimit = 6 * 1024 * 1024

    enum State { case idle, streaming, finished }

    /// Who holds the gate.
    private enum Holder { case nobody, handler, runtime }

    private let client: RuntimeAPIClient
    private let offload: BlockingIOThread?
    public let requestID: String
    private let lock = PthreadLock()
    /// Guarded by `lock`; everything below is touched only by the gate's holder.
    private var holder = Holder.nobody
    /// Guarded by `lock`: the worker waiting in `seize` for a handler call still in progress.
    private var seizer: CheckedContinuation<Void, Never>?
    private(set) var state = State.idle
    private var contentType = LambdaResponseWriter.defaultContentType
    private var statusAndHeadersWritten = false
    private var bodyBytesWritten = 0
    /// A Runtime API failure seen while writing; the runtime exits on it after the handler returns.
    private(set) var connectionFailure: LambdaRuntimeError?
    /// A 4xx answer to the response (e.g. 413, too large): the invocation is over, the runtime goes
    /// on to the next one.
    private(set) var rejection: LambdaRuntimeError?

    init(client: RuntimeAPIClient, requestID: String, offload: BlockingIOThread? = nil) {
        self.client = client
        self.requestID = requestID
        self.offload = offload
    }

    private var requestName: String { "POST /runtime/invocation/\(requestID)/response" }

    // MARK: the gate

    /// Takes the gate for one handler call, or throws if another call is in progress.
    private func enter() throws(LambdaResponseWriterError) {
        let previous: Holder = lock.withLock {
            let previous = holder
            if previous == .nobody { holder = .handler }
            return previous
        }
        switch previous {
        case .nobody: return
        case .handler: throw .concurrentUse
        case .runtime: throw .alreadyFinished
        }
    }

    /// Gives the gate back; if the worker is waiting to seize it, hands it over at once.
    private func leave() {
        let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
            guard holder == .handler else { return nil }
            guard let seizer else {
                holder = .nobody
                return nil
            }
            holder = .runtime
            self.seizer = nil
            return seizer
        }
        waiting?.resume()
    }

    /// Whether a handler call is in progress (tests use it to start a second writer at the right time).
    var isBusy: Bool { lock.withLock { holder == .handler } }

    /// Called by the worker once the handler returned: waits for a write still running in a task
    /// the handler left behind, then keeps the gate, so that later calls throw `alreadyFinished`
    /// instead of writing on a connection that now belongs to the next invocation.
    ///
    /// Only a handler that leaks a writing task makes it wait; that write's `leave` hands the gate
    /// over (no polling), and the write ends when the kernel takes the bytes or the connection fails.
    func seize() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let taken: Bool = lock.withLock {
                switch holder {
                case .nobody, .runtime:
                    holder = .runtime
                    return true
                case .handler:
                    seizer = continuation
                    return false
                }
            }
            if taken { continuation.resume() }
        }
    }

    // MARK: sending

    /// Sets the `Content-Type` of a plain stream (default `application/octet-stream`). Call it before
    /// the first write.
    public func setContentType(_ contentType: String) throws {
        try enter()
        defer { leave() }
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

    /// Sends `prefix`, `chunk` and `suffix` as one `sendmsg`. Without a worker thread it blocks
    /// (one invocation at a time: nothing else waits for the pool). With one, it sends what the
    /// socket takes now and lets the worker's thread wait for the slow reader.
    static func transmit(
        client: RuntimeAPIClient, offload: BlockingIOThread?, prefix: [UInt8], chunk: ResponseChunk, suffix: [UInt8], request: String
    ) async throws(LambdaRuntimeError) {
        let connection = client.connection
        try connection.connectIfNeeded()
        let total = prefix.count + chunk.count + suffix.count
        guard total > 0 else { return }
        let send = { @Sendable (skipping: Int, nonBlocking: Bool) throws(LambdaRuntimeError) -> Int in
            try prefix.withBytes { (head) throws(LambdaRuntimeError) in
                try chunk.withBytes { (data) throws(LambdaRuntimeError) in
                    try suffix.withBytes { (tail) throws(LambdaRuntimeError) in
                        try connection.send([head, data, tail], skipping: skipping, nonBlocking: nonBlocking, request: request)
                    }
                }
            }
        }
        guard let offload else {
            _ = try send(0, false)
            return
        }
        let sent = try send(0, true)
        guard sent < total else { return }
        _ = try await Optional(offload).perform { () throws(LambdaRuntimeError) in try send(sent, false) }
    }

    /// Sends: the request head if not sent yet, `framedPrefix` (already framed chunks), and `chunk`
    /// framed as one HTTP chunk (its data is not copied). The caller holds the gate.
    private func send(framedPrefix: [UInt8], chunk: ResponseChunk) async throws {
        if state == .finished { throw LambdaResponseWriterError.alreadyFinished }
        if let connectionFailure { throw connectionFailure }
        var prefix: [UInt8] = state == .idle ? client.streamHead(requestID: requestID, contentType: contentType) : []
        prefix += framedPrefix
        let count = chunk.count
        if count > 0 { prefix += Self.sizeLine(count) }
        do throws(LambdaRuntimeError) {
            try await Self.transmit(
                client: client, offload: offload, prefix: prefix, chunk: count > 0 ? chunk : .none,
                suffix: count > 0 ? Self.crlf : [], request: requestName)
        } catch {
            connectionFailure = error
            throw error
        }
        state = .streaming
        bodyBytesWritten += count
    }

    /// Writes raw memory as one chunk, blocking the calling thread until the kernel took it.
    @available(*, deprecated, message: "blocks the calling thread while the reader is slow; use write(_: [UInt8]), which waits without holding a thread")
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try enter()
        defer { leave() }
        if state == .finished { throw LambdaResponseWriterError.alreadyFinished }
        if let connectionFailure { throw connectionFailure }
        var prefix: [UInt8] = state == .idle ? client.streamHead(requestID: requestID, contentType: contentType) : []
        guard bytes.count > 0 || state == .idle else { return }
        if bytes.count > 0 { prefix += Self.sizeLine(bytes.count) }
        do throws(LambdaRuntimeError) {
            try client.connection.connectIfNeeded()
            _ = try prefix.withBytes { (head) throws(LambdaRuntimeError) in
                try Self.crlf.withBytes { (tail) throws(LambdaRuntimeError) in
                    try client.connection.send(bytes.count > 0 ? [head, bytes, tail] : [head], request: requestName)
                }
            }
        } catch {
            connectionFailure = error
            throw error
        }
        state = .streaming
        bodyBytesWritten += bytes.count
    }

    public func write(_ bytes: [UInt8]) async throws {
        try enter()
        defer { leave() }
        try await send(framedPrefix: [], chunk: .bytes(bytes, bytes.indices))
    }

    public func write(_ text: String) async throws {
        try enter()
        defer { leave() }
        try await send(framedPrefix: [], chunk: .text(text))
    }

    public func writeStatusAndHeaders(statusCode: Int, headers: [String: String], cookies: [String]) async throws {
        try enter()
        defer { leave() }
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
        try await send(framedPrefix: Self.framed(Array(prelude.utf8)) + Self.framed([UInt8](repeating: 0, count: 8)), chunk: .none)
        statusAndHeadersWritten = true
    }

    public func finish() async throws {
        try enter()
        defer { leave() }
        try await complete(error: nil)
    }

    /// The worker's way to end the response after the handler returned (it holds the gate).
    func finishByRuntime(error: LambdaErrorReport?) async throws(LambdaRuntimeError) {
        do {
            try await complete(error: error)
        } catch let failure as LambdaRuntimeError {
            throw failure
        } catch {
            // Only `alreadyFinished` is thrown otherwise, and the worker calls this only before that.
        }
    }

    /// Records how a completing call failed: a 4xx answer ends only this invocation, anything
    /// else (5xx, a lost connection) stops the runtime after the handler returns.
    private func recordCompletionFailure(_ failure: LambdaRuntimeError) {
        state = .finished
        if failure.isRejection {
            rejection = failure
            // The server may not have read the whole body: start the next request on a new socket.
            client.connection.close()
        } else {
            connectionFailure = failure
        }
    }

    /// Ends the stream: `0\r\n`, the error trailers when `error` is set, `\r\n`; then reads the
    /// Runtime API's answer. The caller holds the gate.
    private func complete(error: LambdaErrorReport?) async throws {
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
            try await Self.transmit(
                client: client, offload: offload, prefix: head + Array(tail.utf8), chunk: .none, suffix: [], request: requestName)
            state = .finished
            let (client, requestID) = (client, requestID)
            try await offload.perform { () throws(LambdaRuntimeError) in try client.finishStream(requestID: requestID) }
        } catch let failure {
            recordCompletionFailure(failure)
            throw failure
        }
    }

    /// The buffered path: a body below 6 MB goes with a Content-Length; a larger one is streamed in
    /// 1 MB chunks instead of being refused by Lambda.
    func sendBuffered(_ body: [UInt8]) async throws {
        try enter()
        defer { leave() }
        guard state == .idle else {
            if state == .streaming { try await send(framedPrefix: [], chunk: .bytes(body, body.indices)) }
            return
        }
        if body.count >= Self.bufferedLimit {
            var offset = 0
            while offset < body.count {
                let end = min(body.count, offset + 1024 * 1024)
                try await send(framedPrefix: [], chunk: .bytes(body, offset..<end))
                offset = end
            }
            try await complete(error: nil)
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
            recordCompletionFailure(failure)
            throw failure
        }
    }
}
