import NIOHTTP1

extension LocalInvoker {
    /// The payload-2.0 event for any request head, as `serve` builds it. Public so the fuzz harness
    /// (`LambdaFuzzing`) can drive the builder with hostile methods, URIs, headers and cookies
    /// without `@testable`; the request id and source address are fixed placeholders.
    public static func functionURLEvent(head: HTTPRequestHead, body: [UInt8]) -> [UInt8] {
        FunctionURLEvent.make(head: head, body: body, sourceIP: "127.0.0.1",
                              requestID: "00000000-0000-0000-0000-000000000000", host: "localhost")
    }
}
