import AWSEventStream
import Foundation
import LambdaArchive
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
                Self.send(context: context, status: .payloadTooLarge, headers: [("x-amzn-ErrorType", "RequestEntityTooLargeException"), ("content-type", "application/json")],
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
        let parts = PathText.components(of: path)
        if parts.count == 4, parts[1] == "functions", head.method == .POST,
           (parts[0] == "2015-03-31" && parts[3] == "invocations")
            || (parts[0] == "2021-11-15" && parts[3] == "response-streaming-invocations") {
            let name = parts[2].removingPercentEncoding ?? parts[2]
            if let unknown = unknownFunctionARN(name: name, qualifier: Self.queryValue("Qualifier", in: head.uri)) {
                Self.send(context: context, status: .notFound,
                     headers: [("x-amzn-ErrorType", "ResourceNotFoundException"), ("content-type", "application/json")],
                     body: Array("{\"Type\":\"User\",\"Message\":\(jsonQuote("Function not found: \(unknown) (lambdactl serve runs '\(pool.configuration.name)' at $LATEST)"))}".utf8))
                return
            }
            // Lambda refuses an event that is not JSON before any function runs.
            if !body.isEmpty, (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) == nil {
                Self.send(context: context, status: .badRequest,
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
            Self.send(context: context, status: .noContent, headers: [("X-Amz-Executed-Version", "$LATEST")], body: [])
            return
        }
        if invocationType == "Event" {
            pool.submit(Invocation(event: body, sink: { _ in }))
            Self.send(context: context, status: .accepted, headers: [("X-Amz-Executed-Version", "$LATEST")], body: [])
            return
        }
        let requestID = Invocation.newRequestID()
        let responder = InvokeResponder(context: context, requestID: requestID, tail: tail)
        pool.submit(Invocation(requestID: requestID, event: body, clientContext: Self.clientContext(head),
                               sink: responder.sink(on: context.eventLoop)))
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
        let requestID = Invocation.newRequestID()
        let flow = FlowControl()
        let responder = InvokeStreamResponder(context: context, version: head.version, requestID: requestID, tail: tail, flow: flow)
        pool.submit(Invocation(requestID: requestID, event: body, clientContext: Self.clientContext(head), flow: flow,
                               sink: responder.sink(on: context.eventLoop)))
    }

    // MARK: Function URL

    private func functionURL(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let mode = pool.configuration.invokeMode
        let requestID = Invocation.newRequestID()
        let sourceIP = context.remoteAddress?.ipAddress ?? "127.0.0.1"
        let event = FunctionURLEvent.make(head: head, body: body, sourceIP: sourceIP, requestID: requestID,
                                          host: "\(pool.configuration.host):\(pool.configuration.port)")
        // Only a streaming URL forwards as it goes; BUFFERED collects (and the 6 MB cap bounds it).
        let flow: FlowControl? = mode == .responseStream ? FlowControl() : nil
        let responder = FunctionURLResponder(context: context, version: head.version, requestID: requestID, mode: mode, flow: flow)
        pool.submit(Invocation(event: event, flow: flow, sink: responder.sink(on: context.eventLoop)))
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

    /// A whole response with `Content-Length`.
    static func send(context: ChannelHandlerContext, status: HTTPResponseStatus, headers: [(String, String)], body: [UInt8]) {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name: name, value: value) }
        fields.add(name: "Content-Length", value: String(body.count))
        context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: status, headers: fields))), promise: nil)
        if !body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        }
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
    }
}
