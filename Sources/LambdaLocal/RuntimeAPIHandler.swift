import Foundation
import NIOCore
import NIOHTTP1

/// The Runtime API (2018-06-01) for one execution environment: `/next`, response posts (buffered or
/// streamed chunk by chunk, with error trailers), error posts and init errors.
final class RuntimeAPIHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Buffered responses above this size fail, as on Lambda.
    static let bufferedLimit = 6 * 1024 * 1024
    static let streamLimit = 200 * 1024 * 1024

    private enum Request {
        case none
        case next
        case response(Invocation, streaming: Bool, buffer: [UInt8], size: Int)
        case invocationError(Invocation, type: String?, body: [UInt8])
        case initError(type: String?, body: [UInt8])
        /// A request we answer at its end with this status and message.
        case reject(HTTPResponseStatus, String)
    }

    private let pool: FunctionPool
    private let environment: ExecutionEnvironment
    private var request: Request = .none

    init(pool: FunctionPool, environment: ExecutionEnvironment) {
        self.pool = pool
        self.environment = environment
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = route(head)
            if case .next = request {
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                let eventLoop = context.eventLoop
                pool.next(from: environment) { invocation, deadline in
                    eventLoop.execute {
                        Self.answerNext(context: loopBound.value, invocation: invocation, deadline: deadline, arn: self.pool.configuration.functionARN)
                    }
                }
            }
        case .body(let buffer):
            let bytes = Array(buffer.readableBytesView)
            switch request {
            case .response(let invocation, let streaming, var collected, let size):
                let total = size + bytes.count
                if streaming {
                    if total > Self.streamLimit {
                        request = .reject(.payloadTooLarge, "streamed response exceeded 200 MB")
                        pool.complete(invocation, on: environment, error: FunctionError(type: "Function.ResponseSizeTooLarge", message: "Response payload size exceeded maximum allowed payload size (209715200 bytes)."))
                        return
                    }
                    invocation.send(bytes)
                    request = .response(invocation, streaming: true, buffer: [], size: total)
                } else {
                    if total > Self.bufferedLimit {
                        request = .reject(.payloadTooLarge, "response exceeded 6 MB")
                        pool.complete(invocation, on: environment, error: FunctionError(type: "Function.ResponseSizeTooLarge", message: "Response payload size exceeded maximum allowed payload size (6291556 bytes)."))
                        return
                    }
                    collected += bytes
                    request = .response(invocation, streaming: false, buffer: collected, size: total)
                }
            case .invocationError(let invocation, let type, let body):
                request = .invocationError(invocation, type: type, body: body + bytes)
            case .initError(let type, let body):
                request = .initError(type: type, body: body + bytes)
            default:
                break
            }
        case .end(let trailers):
            let current = request
            request = .none
            switch current {
            case .none, .next:
                break
            case .response(let invocation, let streaming, let buffer, _):
                if !streaming { invocation.send(buffer) }
                var error: FunctionError?
                if let type = trailers?.first(name: "Lambda-Runtime-Function-Error-Type"), !type.isEmpty {
                    let encoded = trailers?.first(name: "Lambda-Runtime-Function-Error-Body") ?? ""
                    let body = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespaces)).map(Array.init) ?? Array(encoded.utf8)
                    error = FunctionError.posted(typeHeader: type, body: body)
                }
                pool.complete(invocation, on: environment, error: error)
                respond(context: context, status: .accepted, body: #"{"status":"OK"}"#)
            case .invocationError(let invocation, let type, let body):
                pool.complete(invocation, on: environment, error: FunctionError.posted(typeHeader: type, body: body))
                respond(context: context, status: .accepted, body: #"{"status":"OK"}"#)
            case .initError(let type, let body):
                // Answer first: the pool kills the process right after.
                respond(context: context, status: .accepted, body: #"{"status":"OK"}"#)
                pool.initFailed(environment, error: FunctionError.posted(typeHeader: type, body: body))
            case .reject(let status, let message):
                respond(context: context, status: status, body: "{\"errorMessage\":\(jsonQuote(message)),\"errorType\":\"InvalidRequest\"}")
            }
        }
    }

    private func route(_ head: HTTPRequestHead) -> Request {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "2018-06-01", parts[1] == "runtime" else {
            return .reject(.notFound, "unknown Runtime API path \(path)")
        }
        switch (head.method, Array(parts.dropFirst(2))) {
        case (.GET, ["invocation", "next"]):
            return .next
        case (.POST, let rest) where rest.count == 3 && rest[0] == "invocation" && (rest[2] == "response" || rest[2] == "error"):
            guard let invocation = pool.current(of: environment, requestID: rest[1]) else {
                return .reject(.badRequest, "request id \(rest[1]) is not the invocation in progress (it ended, timed out, or never existed)")
            }
            if rest[2] == "error" {
                return .invocationError(invocation, type: head.headers.first(name: "Lambda-Runtime-Function-Error-Type"), body: [])
            }
            let streaming = head.headers.first(name: "Lambda-Runtime-Function-Response-Mode")?.lowercased() == "streaming"
            let contentType = head.headers.first(name: "Content-Type") ?? (streaming ? "application/octet-stream" : "application/json")
            guard invocation.startResponse(contentType: contentType, streaming: streaming) else {
                return .reject(.badRequest, "a response for \(rest[1]) was already posted")
            }
            return .response(invocation, streaming: streaming, buffer: [], size: 0)
        case (.POST, ["init", "error"]):
            return .initError(type: head.headers.first(name: "Lambda-Runtime-Function-Error-Type"), body: [])
        default:
            return .reject(.notFound, "unknown Runtime API call \(head.method) \(path)")
        }
    }

    private static func answerNext(context: ChannelHandlerContext, invocation: Invocation, deadline: Int64, arn: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Lambda-Runtime-Aws-Request-Id", value: invocation.requestID)
        headers.add(name: "Lambda-Runtime-Deadline-Ms", value: String(deadline))
        headers.add(name: "Lambda-Runtime-Invoked-Function-Arn", value: arn)
        headers.add(name: "Lambda-Runtime-Trace-Id", value: invocation.traceID)
        if let clientContext = invocation.clientContext {
            headers.add(name: "Lambda-Runtime-Client-Context", value: clientContext)
        }
        headers.add(name: "Content-Length", value: String(invocation.event.count))
        context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: invocation.event.count)
        buffer.writeBytes(invocation.event)
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, body: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

func jsonQuote(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])) ?? Data("[\"\"]".utf8)
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}
