import Foundation
@testable import LambdaRuntime
import XCTest

/// In-process checks of the pieces the wire tests cannot isolate, compared with Foundation's own
/// implementations as the independent reader.
final class LambdaRuntimeUnitTests: XCTestCase {
    func testBase64MatchesFoundationBothWays() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let ours = Base64.encode(bytes)
            XCTAssertEqual(ours, Data(bytes).base64EncodedString())
            XCTAssertEqual(Base64.decode(ours), bytes)
        }
        XCTAssertNil(Base64.decode("not*base64"))
    }

    func testJSONValueParsesWhatFoundationWritesAndWritesWhatFoundationReads() throws {
        let source: [String: Any] = ["sentence": "Hé \"quoted\"\n\t\u{1}", "delay_ms": 25, "list": [1.5, true, NSNull()], "nested": ["a": []]]
        let data = try JSONSerialization.data(withJSONObject: source)
        let value = try JSONValue.parse(Array(data))
        XCTAssertEqual(value["sentence"]?.stringValue, "Hé \"quoted\"\n\t\u{1}")
        XCTAssertEqual(value["delay_ms"]?.intValue, 25)
        XCTAssertEqual(value["list"]?.arrayValue?.count, 3)
        let back = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(value.serialized.utf8)) as? [String: Any])
        XCTAssertEqual(back["sentence"] as? String, "Hé \"quoted\"\n\t\u{1}")
        XCTAssertEqual(back["delay_ms"] as? Int, 25)
        XCTAssertEqual(try JSONValue.parse("\"\\ud83d\\ude00\"").stringValue, "😀")
        XCTAssertThrowsError(try JSONValue.parse("{\"a\":}"))
        XCTAssertThrowsError(try JSONValue.parse("[1] x"))
    }

    func testErrorReportJSONAndHeaderType() throws {
        struct Broken: Error {}
        let report = LambdaErrorReport(Broken())
        XCTAssertEqual(report.errorType, "Broken")
        XCTAssertEqual(report.headerType, "Function.Broken")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        XCTAssertEqual(object["errorType"] as? String, "Broken")
        XCTAssertEqual((object["stackTrace"] as? [Any])?.count, 0)
    }

    func testRuntimeAPIEndpointParsing() throws {
        XCTAssertEqual(try RuntimeAPIEndpoint.parse("127.0.0.1:9001").port, 9001)
        XCTAssertEqual(try RuntimeAPIEndpoint.parse("localhost:9001").family, AF_INET)
        XCTAssertEqual(try RuntimeAPIEndpoint.parse("[::1]:9001").family, AF_INET6)
        XCTAssertThrowsError(try RuntimeAPIEndpoint.parse("127.0.0.1"))
        XCTAssertThrowsError(try RuntimeAPIEndpoint.parse("127.0.0.1:http"))
        XCTAssertThrowsError(try RuntimeAPIEndpoint.parse("no-such-host.invalid:9001")) { error in
            XCTAssertTrue("\(error)".contains("cannot resolve"), "\(error)")
        }
    }

    func testLoggerRendersTextAndJSON() throws {
        let text = LambdaLogger(requestID: "r1", format: .text).render(.warn, "careful", timestamp: 1_700_000_000_123)
        XCTAssertEqual(text, "2023-11-14T22:13:20.123Z\tr1\tWARN\tcareful\n")
        let json = LambdaLogger(requestID: "r1", format: .json).render(.error, "multi\nline", timestamp: 0)
        XCTAssertEqual(json.filter { $0 == "\n" }.count, 1)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["timestamp"] as? String, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(object["level"] as? String, "ERROR")
        XCTAssertEqual(object["requestId"] as? String, "r1")
        XCTAssertEqual(object["message"] as? String, "multi\nline")
    }
}
