import NIOCore
import NIOHTTP1

/// A front's answer to one invocation (InvokeResponder, InvokeStreamResponder,
/// FunctionURLResponder). It lives on its client connection's event loop; the invocation's
/// events come from other threads and reach it only through `sink(on:)`.
protocol InvocationResponder: AnyObject, SendableMetatype {
    func handle(_ event: InvocationEvent)
}

extension InvocationResponder {
    /// The invocation's sink: each event hops to `eventLoop`, where `handle` runs, so the
    /// responder's state needs no lock. Call it on that loop (the front's handler is).
    func sink(on eventLoop: any EventLoop) -> @Sendable (InvocationEvent) -> Void {
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        return { event in eventLoop.execute { bound.value.handle(event) } }
    }
}

extension ChannelHandlerContext {
    /// Writes one body part and flushes it. `written` runs once NIO has written it (or failed to),
    /// which is when a streamed chunk counts as delivered to `FlowControl`.
    @discardableResult
    func writeBodyPart(_ bytes: [UInt8], written: @escaping @Sendable () -> Void) -> EventLoopFuture<Void> {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        let promise = eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in written() }
        writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: promise)
        return promise.futureResult
    }
}
