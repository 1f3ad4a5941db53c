import Foundation
@testable import LambdaLocal
import NIOHTTP1
import XCTest

/// What a function or an HTTP client controls in the Function URL front: the prelude JSON a function
/// writes and the request line and headers a client sends. None of it may trap `serve`.
final class HostileFunctionURLInputTests: XCTestCase {
    func prelude(_ text: String) -> HTTPIntegrationPrelude? { HTTPIntegrationPrelude(json: Array(text.utf8)) }

    /// A status outside 100...599 would reach NIO's `HTTPResponseStatus(statusCode:)`, which traps on
    /// negative codes: such a prelude is not a prelude.
    func testPreludeStatusMustBeAnHTTPStatus() {
        for bad in ["-1", "0", "99", "600", "1000", "1e300", "200.5", #""200""#, "true", "null", "[]"] {
            XCTAssertNil(prelude(#"{"statusCode":\#(bad)}"#), bad)
        }
        XCTAssertEqual(prelude(#"{"statusCode":200.0}"#)?.statusCode, 200)
        XCTAssertEqual(prelude(#"{"statusCode":599}"#)?.statusCode, 599)
        XCTAssertEqual(prelude(#"{}"#)?.statusCode, 200)
        XCTAssertNil(prelude("[1]"))
        XCTAssertNil(prelude("not json"))
        XCTAssertNil(prelude(String(repeating: "[", count: 100_000)))
    }

    func testPreludeHeaderAndCookieValuesOfAnyTypeBecomeText() {
        let read = prelude(#"{"headers":{"b":1,"a":"x","c":true,"d":null,"e":[1]},"cookies":["s=1",2]}"#)
        XCTAssertEqual(read?.headers.map(\.0), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(read?.headers.first { $0.0 == "a" }?.1, "x")
        XCTAssertEqual(read?.headers.first { $0.0 == "b" }?.1, "1")
        XCTAssertEqual(read?.cookies, ["s=1", "2"])
    }

    /// The event builder on request lines and headers a browser would never send.
    func testEventBuilderTakesOddQueriesPathsAndCookies() throws {
        let cases: [(uri: String, query: [String: String]?)] = [
            ("/?=", ["": ""]),
            ("/?=x", ["": "x"]),
            ("/?&&=&a", ["": "", "a": ""]),
            ("/?a=b=c&a=%zz&%=%", ["a": "b=c,%zz", "%": "%"]),
            ("/p%ff%zz?x=%E2%82", ["x": "%E2%82"]),
            ("?", nil),
            ("", nil),
        ]
        for (uri, query) in cases {
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: uri)
            head.headers.add(name: "Cookie", value: ";;  ; a=1;")
            head.headers.add(name: "X-Twice", value: "1")
            head.headers.add(name: "x-twice", value: "")
            head.headers.add(name: "Content-Type", value: "application/json")
            let bytes = FunctionURLEvent.make(head: head, body: [0xFF, 0x00], sourceIP: "::1", requestID: "r", host: "h")
            let event = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], uri)
            XCTAssertEqual(event["queryStringParameters"] as? [String: String], query, uri)
            XCTAssertEqual(event["cookies"] as? [String], ["a=1"], uri)
            XCTAssertEqual((event["headers"] as? [String: String])?["x-twice"], "1,", uri)
            // Not UTF-8, so base64 whatever the content type says.
            XCTAssertEqual(event["body"] as? String, "/wA=", uri)
            XCTAssertEqual(event["isBase64Encoded"] as? Bool, true, uri)
            let path = try XCTUnwrap((event["requestContext"] as? [String: Any])?["http"] as? [String: Any])["path"] as? String
            XCTAssertFalse(path?.isEmpty ?? true, uri)
        }
    }

    /// A prelude that never ends is given up at the limit, not collected forever.
    func testScannerGivesUpPastItsLimit() {
        var scanner = HTTPIntegrationPreludeScanner()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        var outcome: HTTPIntegrationPreludeScanner.Result = .needMore
        var fed = 0
        while case .needMore = outcome, fed <= HTTPIntegrationPreludeScanner.limit + chunk.count {
            outcome = scanner.feed(chunk)
            fed += chunk.count
        }
        guard case .prelude(nil, let body) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(body.count, fed)
        XCTAssertGreaterThan(fed, HTTPIntegrationPreludeScanner.limit)
    }
}
