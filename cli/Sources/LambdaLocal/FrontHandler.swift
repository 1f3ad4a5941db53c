import AWSEventStream
import Foundation
import NIOCore
import NIOHTTP1

/// The caller-facing port: the Invoke API, InvokeWithResponseStream, and a Function URL on every
/// other path. Each request becomes an `Invocation`; its events are written out as they arrive.
final class FrontHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let pool: FunctionPool
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    static let requestLimit = 6 * 1024 * 1024

    init(pool: FunctionPool) {
        self.pool = pool
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            tooLarge = false
            // curl and others wait (up to a second) for this before sending a large body.
            if requestHead.headers.first(name: "Expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: requestHead.version, status: .continue))), promise: nil)
            }
        case .body(let buffer):
            if body.count + buffer.readableBytes > Self.requestLimit { tooLarge = true } else { body += buffer.readableBytesView }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            if tooLarge {
                send(context: context, status: .payloadTooLarge, headers: [("x-amzn-ErrorType", "RequestEntityTooLargeException"), ("content-type", "application/json")],
                     body: Array(#"{"Type":"User","message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}"#.utf8))
                return
            }
            dispatch(context: context, head: requestHead, body: body)
        }
    }

    /// A request NIO cannot parse was answered 400 with `Connection: close` by the protocol error
    /// handler; NIO does not close by itself, so the promise would be broken without this.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func dispatch(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.count == 4, parts[1] == "functions", head.method == .POST,
           (parts[0] == "2015-03-31" && parts[3] == "invocations")
            || (parts[0] == "2021-11-15" && parts[3] == "response-streaming-invocations") {
            let name = parts[2].removingPercentEncoding ?? parts[2]
            if let unknown = unknownFunctionARN(name: name, qualifier: Self.queryValue("Qualifier", in: head.uri)) {
                send(context: context, status: .notFound,
                     headers: [("x-amzn-ErrorType", "ResourceNotFoundException"), ("content-type", "application/json")],
                     body: Array("{\"Type\":\"User\",\"Message\":\(jsonQuote("Function not found: \(unknown) (lambdactl serve runs '\(pool.configuration.name)' at $LATEST)"))}".utf8))
                return
            }
            // Lambda refuses an event that is not JSON before any function runs.
            if !body.isEmpty, (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) == nil {
                send(context: context, status: .badRequest,
                     headers: [("x-amzn-ErrorType", "InvalidRequestContentException"), ("content-type", "application/json")],
                     body: Array(#"{"Type":"User","message":"Could not parse request body into json: Could not parse payload into json: the payload is not a JSON document (send JSON such as {} or \"text\")"}"#.utf8))
                return
            }
            if parts[0] == "2015-03-31" {
                invoke(context: context, head: head, body: body)
            } else {
                invokeStreaming(context: context, head: head, body: body)
            }
            return
        }
        functionURL(context: context, head: head, body: body)
    }

    /// nil for the configured function (by name or ARN) at `$LATEST`, given in the name
    /// (`NAME:QUALIFIER`) or as `?Qualifier=`; else the ARN Lambda's not-found message names.
    private func unknownFunctionARN(name: String, qualifier queryQualifier: String?) -> String? {
        let config = pool.configuration
        let fields = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let base: String, functionName: String, nameQualifier: String?
        if name.hasPrefix("arn:"), fields.count == 7 || fields.count == 8, fields[5] == "function" {
            functionName = fields[6]
            nameQualifier = fields.count == 8 ? fields[7] : nil
            base = fields[0..<7].joined(separator: ":")
        } else {
            functionName = fields[0]
            nameQualifier = fields.count > 1 ? fields.dropFirst().joined(separator: ":") : nil
            base = "arn:aws:lambda:\(config.region):\(config.accountID):function:\(functionName)"
        }
        let qualifier = nameQualifier ?? queryQualifier.flatMap { $0.isEmpty ? nil : $0 }
        if functionName == config.name, qualifier == nil || qualifier == "$LATEST" { return nil }
        return base + (qualifier.map { ":\($0)" } ?? "")
    }

    /// The percent-decoded value of `name` in the request's query string.
    static func queryValue(_ name: String, in uri: String) -> String? {
        guard let query = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first.map(String.init) == name else { continue }
            let raw = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            return raw.removingPercentEncoding ?? raw
        }
        return nil
    }

    // MARK: Invoke API

    private func invoke(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let invocationType = head.headers.first(name: "X-Amz-Invocation-Type") ?? "RequestResponse"
        let tail = head.headers.first(name: "X-Amz-Log-Type")?.lowercased() == "tail"
        if invocationType == "DryRun" {
            send(context: context, status: .noContent, headers: [("X-Amz-Executed-Version", "$LATEST")], body: [])
            return
        }
        if invocationType == "Event" {
            pool.submit(Invocation(event: body, sink: { _ in }))
            send(context: context, status: .accepted, headers: [("X-Amz-Executed-Version", "$LATEST")], body: [])
            return
        }
        var collected: [UInt8] = []
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        var requestID = ""
        let invocation = Invocation(event: body, clientContext: Self.clientContext(head)) { [self] event in
            eventLoop.execute {
                switch event {
                case .responseStarted: break
                case .chunk(let bytes): collected += bytes
                case .finished(let error, let log):
                    var headers: [(String, String)] = [("Content-Type", "application/json"), ("X-Amz-Executed-Version", "$LATEST"), ("X-Amzn-RequestId", requestID)]
                    if tail { headers.append(("X-Amz-Log-Result", Self.logTail(log))) }
                    if let error {
                        headers.append(("X-Amz-Function-Error", "Unhandled"))
                        self.send(context: bound.value, status: .ok, headers: headers, body: error.body)
                    } else {
                        self.send(context: bound.value, status: .ok, headers: headers, body: collected)
                    }
                }
            }
        }
        requestID = invocation.requestID
        pool.submit(invocation)
    }

    /// `X-Amz-Client-Context` is base64 JSON on the wire; the runtime receives the JSON itself.
    static func clientContext(_ head: HTTPRequestHead) -> String? {
        guard let encoded = head.headers.first(name: "X-Amz-Client-Context") else { return nil }
        return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? encoded
    }

    /// Base64 of the last 4 KB of the invocation's log, as `X-Amz-Log-Result` and `LogResult` carry.
    static func logTail(_ log: String) -> String {
        Data(Array(log.utf8).suffix(4096)).base64EncodedString()
    }

    // MARK: InvokeWithResponseStream

    private func invokeStreaming(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let tail = head.headers.first(name: "X-Amz-Log-Type")?.lowercased() == "tail"
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        var headSent = false
        var requestID = ""
        func ensureHead() {
            guard !headSent else { return }
            headSent = true
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/vnd.amazon.eventstream")
            headers.add(name: "X-Amz-Executed-Version", value: "$LATEST")
            headers.add(name: "X-Amzn-RequestId", value: requestID)
            bound.value.writeAndFlush(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        }
        let flow = FlowControl()
        /// `acknowledging` bytes of the function's stream count as delivered once this is written.
        func write(_ event: InvokeStreamEvent, acknowledging: Int = 0) {
            guard let bytes = try? event.message.encoded() else { flow.delivered(acknowledging); return }
            var buffer = bound.value.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            let written = eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in flow.delivered(acknowledging) }
            bound.value.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: written)
        }
        let invocation = Invocation(event: body, clientContext: Self.clientContext(head), flow: flow) { event in
            eventLoop.execute {
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
                    if tail { complete.logResult = Self.logTail(log) }
                    write(.invokeComplete(complete))
                    bound.value.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
                }
            }
        }
        requestID = invocation.requestID
        pool.submit(invocation)
    }

    // MARK: Function URL

    private func functionURL(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let mode = pool.configuration.invokeMode
        let requestID = UUID().uuidString.lowercased()
        let sourceIP = context.remoteAddress?.ipAddress ?? "127.0.0.1"
        let event = FunctionURLEvent.make(head: head, body: body, sourceIP: sourceIP, requestID: requestID,
                                          host: "\(pool.configuration.host):\(pool.configuration.port)")
        var collected: [UInt8] = []
        var scanner: HTTPIntegrationPreludeScanner?
        // Only a streaming URL forwards as it goes; BUFFERED collects (and the 6 MB cap bounds it).
        let flow: FlowControl? = mode == .responseStream ? FlowControl() : nil
        /// The last body write: a cut waits for it, so the client gets every byte produced first.
        var lastWrite: EventLoopFuture<Void>?
        var headSent = false
        var isStreaming = false
        var responseType = ""
        let version = head.version

        func writeHead(status: Int, headers: [(String, String)], cookies: [String], contentLength: Int?) {
            headSent = true
            var fields = HTTPHeaders()
            for (name, value) in headers where name.lowercased() != "content-length" && name.lowercased() != "transfer-encoding" {
                fields.add(name: name, value: value)
            }
            for cookie in cookies { fields.add(name: "Set-Cookie", value: cookie) }
            fields.add(name: "X-Amzn-RequestId", value: requestID)
            if let contentLength { fields.add(name: "Content-Length", value: String(contentLength)) }
            bound.value.writeAndFlush(NIOAny(HTTPServerResponsePart.head(
                HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: fields))), promise: nil)
        }
        /// `acknowledging` bytes of the function's stream count as delivered once `bytes` are written.
        func writeBody(_ bytes: [UInt8], acknowledging: Int = 0) {
            guard !bytes.isEmpty else { flow?.delivered(acknowledging); return }
            var buffer = bound.value.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            let written = eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in flow?.delivered(acknowledging) }
            lastWrite = written.futureResult
            bound.value.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: written)
        }
        func writeEnd() {
            bound.value.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        }
        func reply(_ reply: FunctionURLReply) {
            writeHead(status: reply.status, headers: reply.headers, cookies: reply.cookies, contentLength: reply.body.count)
            writeBody(reply.body)
            writeEnd()
        }
        func startPlain(contentType: String) {
            writeHead(status: 200, headers: [("content-type", contentType)], cookies: [], contentLength: nil)
        }

        let invocation = Invocation(event: event, flow: flow) { event in
            eventLoop.execute {
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
                    guard isStreaming else { collected += bytes; flow?.delivered(bytes.count); return }
                    if var current = scanner {
                        let result = current.feed(bytes)
                        scanner = current
                        switch result {
                        case .needMore: flow?.delivered(bytes.count)
                        case .prelude(let prelude, let rest):
                            scanner = nil
                            if let prelude {
                                writeHead(status: prelude.statusCode, headers: prelude.headers, cookies: prelude.cookies, contentLength: nil)
                                writeBody(rest, acknowledging: bytes.count)
                            } else {
                                startPlain(contentType: "application/octet-stream")
                                writeBody(rest, acknowledging: bytes.count)
                            }
                        case .body(let rest):
                            writeBody(rest, acknowledging: bytes.count)
                        }
                    } else {
                        writeBody(bytes, acknowledging: bytes.count)
                    }
                case .finished(let error, _):
                    if isStreaming {
                        if error != nil {
                            if !headSent {
                                reply(.functionError)
                            } else {
                                // Headers are out: cut the connection so the client sees an
                                // incomplete transfer instead of a clean end, as Lambda does,
                                // once everything the function produced before has been written.
                                let channel = bound.value.channel
                                if let lastWrite {
                                    lastWrite.whenComplete { _ in channel.close(promise: nil) }
                                } else {
                                    channel.close(promise: nil)
                                }
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
                    } else if error != nil {
                        reply(.functionError)
                    } else if mode == .responseStream {
                        // A buffered answer in RESPONSE_STREAM mode is passed through as it is.
                        reply(FunctionURLReply(status: 200, headers: [("content-type", "application/json")], cookies: [], body: collected))
                    } else {
                        reply(Self.bufferedReply(collected, contentType: responseType))
                    }
                }
            }
        }
        pool.submit(invocation)
    }

    /// BUFFERED mode: payload-2.0 rules, except that a reply marked as an HTTP-integration response
    /// (a streaming function) is read as prelude + body.
    static func bufferedReply(_ bytes: [UInt8], contentType: String) -> FunctionURLReply {
        guard contentType.hasPrefix(HTTPIntegrationPrelude.contentType) else { return .buffered(payload: bytes) }
        var scanner = HTTPIntegrationPreludeScanner()
        if case .prelude(let prelude?, let body) = scanner.feed(bytes) {
            return FunctionURLReply(status: prelude.statusCode, headers: prelude.headers, cookies: prelude.cookies, body: body)
        }
        let prelude = HTTPIntegrationPrelude(json: bytes) ?? HTTPIntegrationPrelude()
        return FunctionURLReply(status: prelude.statusCode, headers: prelude.headers, cookies: prelude.cookies, body: [])
    }

    // MARK: helpers

    private func send(context: ChannelHandlerContext, status: HTTPResponseStatus, headers: [(String, String)], body: [UInt8]) {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name: name, value: value) }
        fields.add(name: "Content-Length", value: String(body.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: fields))), promise: nil)
        if !body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
