import NIOCore
import NIOHTTP1

/// Answers one Function URL request as Lambda's URL front does: in `RESPONSE_STREAM` mode a
/// streaming function's bytes go out as they come (after its HTTP-integration prelude, when it
/// sends one); in `BUFFERED` mode, or for a buffered function, the reply is built from the whole
/// response by payload-2.0 rules.
///
/// Lives on the client connection's event loop (see `InvocationResponder`).
final class FunctionURLResponder: InvocationResponder {
    private let context: ChannelHandlerContext
    private let version: HTTPVersion
    private let requestID: String
    private let mode: InvokeMode
    /// Set only in `RESPONSE_STREAM` mode; BUFFERED collects (and the 6 MB cap bounds it).
    private let flow: FlowControl?
    private var collected: [UInt8] = []
    private var scanner: HTTPIntegrationPreludeScanner?
    /// The last body write: a cut waits for it, so the client gets every byte produced first.
    private var lastWrite: EventLoopFuture<Void>?
    private var headSent = false
    private var isStreaming = false
    private var responseType = ""

    init(context: ChannelHandlerContext, version: HTTPVersion, requestID: String, mode: InvokeMode, flow: FlowControl?) {
        self.context = context
        self.version = version
        self.requestID = requestID
        self.mode = mode
        self.flow = flow
    }

    func handle(_ event: InvocationEvent) {
        switch event {
        case .responseStarted(let contentType, let streaming):
            responseType = contentType.lowercased()
            isStreaming = streaming && mode == .responseStream
            guard isStreaming else { return }
            if contentType.lowercased().hasPrefix(HTTPIntegrationPrelude.contentType) {
                scanner = HTTPIntegrationPreludeScanner()
            } else {
                startPlain(contentType: contentType)
            }
        case .chunk(let bytes):
            chunk(bytes)
        case .finished(let error, _):
            finish(failed: error != nil)
        }
    }

    private func chunk(_ bytes: [UInt8]) {
        guard isStreaming else { collected += bytes; flow?.delivered(bytes.count); return }
        guard var current = scanner else {
            writeBody(bytes, acknowledging: bytes.count)
            return
        }
        let result = current.feed(bytes)
        scanner = current
        switch result {
        case .needMore: flow?.delivered(bytes.count)
        case .prelude(let prelude, let rest):
            scanner = nil
            if let prelude {
                writeHead(status: prelude.statusCode, headers: prelude.headers, cookies: prelude.cookies, contentLength: nil)
            } else {
                startPlain(contentType: "application/octet-stream")
            }
            writeBody(rest, acknowledging: bytes.count)
        case .body(let rest):
            writeBody(rest, acknowledging: bytes.count)
        }
    }

    private func finish(failed: Bool) {
        guard isStreaming else {
            if failed {
                reply(.functionError)
            } else if mode == .responseStream {
                // A buffered answer in RESPONSE_STREAM mode is passed through as it is.
                reply(FunctionURLReply(status: 200, headers: [("content-type", "application/json")], cookies: [], body: collected))
            } else {
                reply(FrontHandler.bufferedReply(collected, contentType: responseType))
            }
            return
        }
        if failed {
            guard headSent else { return reply(.functionError) }
            // Headers are out: cut the connection so the client sees an incomplete transfer
            // instead of a clean end, as Lambda does, once everything the function produced
            // before has been written.
            let channel = context.channel
            if let lastWrite {
                lastWrite.whenComplete { _ in channel.close(promise: nil) }
            } else {
                channel.close(promise: nil)
            }
            return
        }
        if var pending = scanner {
            // The stream ended before its separator: treat it as a prelude-only reply.
            let bytes = pending.finish()
            let prelude = HTTPIntegrationPrelude(json: bytes) ?? HTTPIntegrationPrelude()
            writeHead(status: prelude.statusCode, headers: prelude.headers, cookies: prelude.cookies, contentLength: nil)
        } else if !headSent {
            startPlain(contentType: "application/octet-stream")
        }
        writeEnd()
    }

    private func writeHead(status: Int, headers: [(String, String)], cookies: [String], contentLength: Int?) {
        headSent = true
        var fields = HTTPHeaders()
        for (name, value) in headers where name.lowercased() != "content-length" && name.lowercased() != "transfer-encoding" {
            fields.add(name: name, value: value)
        }
        for cookie in cookies { fields.add(name: "Set-Cookie", value: cookie) }
        fields.add(name: "X-Amzn-RequestId", value: requestID)
        if let contentLength { fields.add(name: "Content-Length", value: String(contentLength)) }
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.head(
            HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: fields))), promise: nil)
    }

    /// `acknowledging` bytes of the function's stream count as delivered once `bytes` are written.
    private func writeBody(_ bytes: [UInt8], acknowledging: Int = 0) {
        let flow = self.flow
        guard !bytes.isEmpty else { flow?.delivered(acknowledging); return }
        lastWrite = context.writeBodyPart(bytes) { flow?.delivered(acknowledging) }
    }

    private func writeEnd() {
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
    }

    private func reply(_ reply: FunctionURLReply) {
        writeHead(status: reply.status, headers: reply.headers, cookies: reply.cookies, contentLength: reply.body.count)
        writeBody(reply.body)
        writeEnd()
    }

    private func startPlain(contentType: String) {
        writeHead(status: 200, headers: [("content-type", contentType)], cookies: [], contentLength: nil)
    }
}
