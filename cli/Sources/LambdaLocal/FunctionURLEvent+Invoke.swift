import Foundation
import NIOHTTP1

extension FunctionURLEvent {
    /// The event a Function URL request would give: `POST /` with `body` as JSON, for
    /// `lambdactl invoke --url-event`, which calls a function as its URL would without one.
    public static func wrapping(body: [UInt8], method: String = "POST", path: String = "/") -> [UInt8] {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "host", value: "localhost")
        headers.add(name: "user-agent", value: "lambdactl")
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path, headers: headers)
        return make(head: head, body: body, sourceIP: "127.0.0.1", requestID: UUID().uuidString.lowercased(), host: "localhost")
    }

    /// The event for any request head, as `serve` builds it, with a fixed request id and source
    /// address, so that the fuzz harness (`LambdaFuzzing`) can drive the builder with hostile
    /// methods, URIs, headers and cookies without `@testable`.
    public static func withPlaceholders(head: HTTPRequestHead, body: [UInt8]) -> [UInt8] {
        make(head: head, body: body, sourceIP: "127.0.0.1", requestID: "00000000-0000-0000-0000-000000000000", host: "localhost")
    }
}
