import NIOCore
import NIOHTTP1

/// Answers one Invoke (`RequestResponse`) call: collects the function's response and sends it
/// whole, with Lambda's headers, when the invocation finishes.
///
/// Lives on the client connection's event loop (see `InvocationResponder`).
final class InvokeResponder: InvocationResponder {
    private let context: ChannelHandlerContext
    private let requestID: String
    /// `X-Amz-Log-Type: Tail`: the last 4 KB of the log go back in `X-Amz-Log-Result`.
    private let tail: Bool
    private var collected: [UInt8] = []

    init(context: ChannelHandlerContext, requestID: String, tail: Bool) {
        self.context = context
        self.requestID = requestID
        self.tail = tail
    }

    func handle(_ event: InvocationEvent) {
        switch event {
        case .responseStarted: break
        case .chunk(let bytes): collected += bytes
        case .finished(let error, let log):
            var headers: [(String, String)] = [("Content-Type", "application/json"), ("X-Amz-Executed-Version", "$LATEST"),
                                               ("X-Amzn-RequestId", requestID)]
            if tail { headers.append(("X-Amz-Log-Result", FrontHandler.logTail(log))) }
            if let error {
                headers.append(("X-Amz-Function-Error", "Unhandled"))
                FrontHandler.send(context: context, status: .ok, headers: headers, body: error.body)
            } else {
                FrontHandler.send(context: context, status: .ok, headers: headers, body: collected)
            }
        }
    }
}
