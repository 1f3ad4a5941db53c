import AWSEventStream
import NIOCore
import NIOHTTP1

/// Answers one InvokeWithResponseStream call: an event stream of `PayloadChunk`s as the function
/// writes, then one `InvokeComplete` (with the error, if any, and the log tail).
///
/// Lives on the client connection's event loop (see `InvocationResponder`). Each chunk counts as
/// delivered to `flow` once NIO has written it, which is what lets the Runtime API side pause a
/// function that writes faster than this client reads.
final class InvokeStreamResponder: InvocationResponder {
    private let context: ChannelHandlerContext
    private let version: HTTPVersion
    private let requestID: String
    private let tail: Bool
    private let flow: FlowControl
    private var headSent = false

    init(context: ChannelHandlerContext, version: HTTPVersion, requestID: String, tail: Bool, flow: FlowControl) {
        self.context = context
        self.version = version
        self.requestID = requestID
        self.tail = tail
        self.flow = flow
    }

    func handle(_ event: InvocationEvent) {
        switch event {
        case .responseStarted:
            ensureHead()
        case .chunk(let bytes):
            ensureHead()
            write(.payloadChunk(bytes), acknowledging: bytes.count)
        case .finished(let error, let log):
            ensureHead()
            var complete = InvokeStreamEvent.InvokeComplete()
            if let error {
                complete.errorCode = error.type
                complete.errorDetails = String(decoding: error.body, as: UTF8.self)
            }
            if tail { complete.logResult = FrontHandler.logTail(log) }
            write(.invokeComplete(complete))
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        }
    }

    private func ensureHead() {
        guard !headSent else { return }
        headSent = true
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/vnd.amazon.eventstream")
        headers.add(name: "X-Amz-Executed-Version", value: "$LATEST")
        headers.add(name: "X-Amzn-RequestId", value: requestID)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: .ok, headers: headers))), promise: nil)
    }

    /// `acknowledging` bytes of the function's stream count as delivered once this is written.
    private func write(_ event: InvokeStreamEvent, acknowledging: Int = 0) {
        let flow = self.flow
        guard let bytes = try? event.message.encoded() else { flow.delivered(acknowledging); return }
        context.writeBodyPart(bytes) { flow.delivered(acknowledging) }
    }
}
