/// A handler that streams its response: it gets the raw event bytes and writes chunks as they are
/// ready. Same shape as swift-aws-lambda-runtime's `StreamingLambdaHandler` (`[UInt8]` for
/// `ByteBuffer`). Throwing before the first write reports an invocation error; throwing after it
/// ends the stream with error trailers. Returning without `finish()` finishes the response.
public protocol StreamingLambdaHandler: Sendable {
    mutating func handle(
        _ event: [UInt8],
        responseWriter: some LambdaResponseStreamWriter,
        context: LambdaContext
    ) async throws
}

/// A handler that returns its whole response. A response of 6 MB or more is streamed instead of
/// being refused by Lambda.
public protocol BufferedLambdaHandler: Sendable {
    mutating func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8]
}

/// A streaming handler made from a closure.
public struct ClosureStreamingHandler: StreamingLambdaHandler {
    public typealias Body = @Sendable ([UInt8], any LambdaResponseStreamWriter, LambdaContext) async throws -> Void
    let body: Body

    public init(_ body: @escaping Body) { self.body = body }

    public func handle(_ event: [UInt8], responseWriter: some LambdaResponseStreamWriter, context: LambdaContext) async throws {
        try await body(event, responseWriter, context)
    }
}

/// A buffered handler made from a closure.
public struct ClosureBufferedHandler: BufferedLambdaHandler {
    public typealias Body = @Sendable ([UInt8], LambdaContext) async throws -> [UInt8]
    let body: Body

    public init(_ body: @escaping Body) { self.body = body }

    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        try await body(event, context)
    }
}

/// Runs a buffered handler through the streaming machinery: below 6 MB the body goes as one
/// buffered `POST /response` with a Content-Length, at or above it as a stream.
public struct BufferedHandlerAdapter<Wrapped: BufferedLambdaHandler>: StreamingLambdaHandler {
    public var wrapped: Wrapped

    public init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    public mutating func handle(_ event: [UInt8], responseWriter: some LambdaResponseStreamWriter, context: LambdaContext) async throws {
        let response = try await wrapped.handle(event, context: context)
        if let writer = responseWriter as? LambdaResponseWriter {
            try await writer.sendBuffered(response)
        } else {
            try await responseWriter.writeAndFinish(response)
        }
    }
}
