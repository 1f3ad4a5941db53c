import Foundation
import LambdaArchive
import NIOCore
import NIOHTTP1

/// The Runtime API (2018-06-01) for one execution environment: `/next`, response posts (buffered or
/// streamed chunk by chunk, with error trailers), error posts and init errors.
final class RuntimeAPIHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// A non-streamed response above this size fails, as on Lambda (`Invocation.bufferedLimit`).
    static let bufferedLimit = Invocation.bufferedLimit
    /// `--throttle`: Lambda streams the first 6 MB at full speed, then at most 2 MB/s.
    static let throttleFreeBytes = 6 * 1024 * 1024
    static let throttleBytesPerSecond = 2.0 * 1024 * 1024
    /// How long a runtime whose connection dropped mid-response may take to exit before its
    /// invocation is reported as truncated: a crash is reported as Runtime.ExitError instead.
    static let exitGrace = TimeAmount.seconds(1)

    private enum Request {
        case none
        case next
        case response(Invocation, streaming: Bool, buffer: [UInt8], size: Int)
        case invocationError(Invocation, type: String?, body: [UInt8])
        case initError(type: String?, body: [UInt8])
        /// A request we answer at its end with this status and message.
        case reject(HTTPResponseStatus, String)
    }

    /// Why reading from the function is suspended; it resumes when neither holds.
    private var pausedForClient = false
    private var pausedForThrottle = false
    /// NIO asked to read while paused: the read is issued on resume.
    private var readPending = false
    /// When the stream passed its first 6 MB (`--throttle`).
    private var throttleStart: NIODeadline?

    private let pool: FunctionPool
    private let environment: ExecutionEnvironment
    private var request: Request = .none

    init(pool: FunctionPool, environment: ExecutionEnvironment) {
        self.pool = pool
        self.environment = environment
    }

    func read(context: ChannelHandlerContext) {
        if pausedForClient || pausedForThrottle {
            readPending = true
        } else {
            context.read()
        }
    }

    private func resumeReading(context: ChannelHandlerContext) {
        guard !pausedForClient, !pausedForThrottle, readPending else { return }
        readPending = false
        context.read()
    }

    /// After each streamed piece: stop reading while the client is behind, or while `--throttle`
    /// says the stream is ahead of Lambda's rate.
    private func applyBackpressure(context: ChannelHandlerContext, invocation: Invocation, total: Int) {
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        if !pausedForClient, let flow = invocation.flow,
           flow.pauseIfBacklogged(resume: {
               loop.execute {
                   handler.value.pausedForClient = false
                   handler.value.resumeReading(context: boundContext.value)
               }
           }) {
            pausedForClient = true
        }
        guard pool.configuration.throttle, !pausedForThrottle, total > Self.throttleFreeBytes else { return }
        let now = NIODeadline.now()
        let start = throttleStart ?? now
        throttleStart = start
        let allowed = Double(Self.throttleFreeBytes) + Self.throttleBytesPerSecond * Double((now - start).nanoseconds) / 1e9
        let ahead = Double(total) - allowed
        guard ahead > 0 else { return }
        pausedForThrottle = true
        let delay = TimeAmount.nanoseconds(Int64(min(ahead / Self.throttleBytesPerSecond, 60) * 1e9))
        loop.scheduleTask(in: delay) {
            handler.value.pausedForThrottle = false
            handler.value.resumeReading(context: boundContext.value)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = route(head)
            throttleStart = nil
            if case .next = request {
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                let eventLoop = context.eventLoop
                let arn = pool.configuration.functionARN
                pool.next(from: environment) { invocation, deadline in
                    eventLoop.execute {
                        Self.answerNext(context: loopBound.value, invocation: invocation, deadline: deadline, arn: arn)
                    }
                }
            }
        case .body(let buffer):
            switch request {
            case .response(let invocation, let streaming, var collected, let size):
                let count = buffer.readableBytes
                let (total, overflow) = size.addingReportingOverflow(count)
                let limit = streaming ? invocation.responseLimit : Self.bufferedLimit
                if overflow || total > limit {
                    // What fits goes out first: the client gets every byte up to the cap, then the cut.
                    let room = max(0, limit - size)
                    if streaming, room > 0 { invocation.send(Array(buffer.readableBytesView.prefix(room))) }
                    request = .reject(.payloadTooLarge, "response exceeded \(limit) bytes")
                    pool.complete(invocation, on: environment, error: FunctionError(
                        type: "Function.ResponseSizeTooLarge",
                        message: "Response payload size exceeded maximum allowed payload size (\(limit) bytes)."))
                    return
                }
                if streaming {
                    invocation.send(Array(buffer.readableBytesView))
                    request = .response(invocation, streaming: true, buffer: [], size: total)
                    applyBackpressure(context: context, invocation: invocation, total: total)
                } else {
                    collected += buffer.readableBytesView
                    request = .response(invocation, streaming: false, buffer: collected, size: total)
                }
            case .invocationError(let invocation, let type, let body):
                guard body.count + buffer.readableBytes <= Self.bufferedLimit else {
                    request = .reject(.payloadTooLarge, "error body exceeded \(Self.bufferedLimit) bytes")
                    pool.complete(invocation, on: environment, error: FunctionError(
                        type: "Function.ResponseSizeTooLarge",
                        message: "Response payload size exceeded maximum allowed payload size (\(Self.bufferedLimit) bytes)."))
                    return
                }
                request = .invocationError(invocation, type: type, body: body + buffer.readableBytesView)
            case .initError(let type, let body):
                if body.count + buffer.readableBytes <= Self.bufferedLimit {
                    request = .initError(type: type, body: body + buffer.readableBytesView)
                }
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

    /// Broken chunked encoding (or any unparseable request) in the middle of a response: NIO
    /// answers 400 and closes; the invocation ends now, not at --timeout.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let parserError = error as? HTTPParserError, parserError != .invalidEOFState,
           let invocation = requestInvocation {
            request = .none
            pool.complete(invocation, on: environment, error: FunctionError(
                type: "Runtime.TruncatedResponse",
                message: "RequestId: \(invocation.requestID) Error: the runtime's response is not valid HTTP/1.1 chunked encoding (\(parserError)); it was cut there"))
        }
        context.close(promise: nil)
    }

    /// The runtime hung up mid-response. If its process dies, the exit is the error (a crash);
    /// if it lives on, the response is truncated.
    func channelInactive(context: ChannelHandlerContext) {
        pausedForClient = false
        pausedForThrottle = false
        if let invocation = requestInvocation {
            request = .none
            let pool = self.pool, environment = self.environment
            context.eventLoop.scheduleTask(in: Self.exitGrace) {
                pool.complete(invocation, on: environment, error: FunctionError(
                    type: "Runtime.TruncatedResponse",
                    message: "RequestId: \(invocation.requestID) Error: the runtime closed its connection before the end of its response"))
            }
        }
        context.fireChannelInactive()
    }

    /// The invocation whose response or error post is being read, if any.
    private var requestInvocation: Invocation? {
        switch request {
        case .response(let invocation, _, _, _), .invocationError(let invocation, _, _): return invocation
        default: return nil
        }
    }

    private func route(_ head: HTTPRequestHead) -> Request {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let parts = PathText.components(of: path)
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
