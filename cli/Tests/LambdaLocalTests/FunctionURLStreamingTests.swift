import Foundation
import LambdaTestSupport
import XCTest

/// The Function URL front, read by `curl -N`: chunks must reach the client when the function writes
/// them, and the HTTP-integration prelude must give status, headers and cookies however it is split.
final class FunctionURLStreamingTests: XCTestCase {
    func testEachLineArrivesAtItsOwnTime() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let delay = 0.4
        let curl = try TimedOutput("curl", ["-sN", "-d", #"{"mode":"words","sentence":"one two three four","delay":\#(delay)}"#, "\(serve.base)/"])
        XCTAssertEqual(curl.wait(), 0, curl.stderr)
        let lines = curl.lineArrivals
        XCTAssertEqual(lines.map { Fixture.json($0.1)?["word"] as? String }, ["one", "two", "three", "four"], curl.text)
        // Each gap is the handler's delay (not one burst at the end).
        for index in 1..<lines.count {
            let gap = lines[index].0.timeIntervalSince(lines[index - 1].0)
            XCTAssertGreaterThan(gap, delay * 0.6, "line \(index) arrived \(gap) s after the previous one")
            XCTAssertLessThan(gap, delay * 3, "line \(index) arrived \(gap) s after the previous one")
        }
        XCTAssertTrue(serve.waitForOutput { $0.contains("REPORT RequestId") })
        XCTAssertTrue(serve.stdout.contains("Init Duration"), serve.stdout)
    }

    func testPreludeInOneChunkTwoChunksAndByteByByte() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        for split in ["one", "two", "bytes"] {
            let result = try LambdaTestSupport.run("curl", ["-sN", "-i", "-d", #"{"mode":"prelude","split":"\#(split)"}"#, "\(serve.base)/some/path?q=1"])
            XCTAssertEqual(result.status, 0, result.transcript)
            let parts = result.stdout.components(separatedBy: "\r\n\r\n")
            XCTAssertEqual(parts.count, 2, "split \(split): \(result.stdout)")
            let head = parts[0].lowercased()
            XCTAssertTrue(head.hasPrefix("http/1.1 201"), "split \(split): \(parts[0])")
            XCTAssertTrue(head.contains("\r\ncontent-type: text/plain"), "split \(split): \(parts[0])")
            XCTAssertTrue(head.contains("\r\nx-fixture: yes"), "split \(split): \(parts[0])")
            XCTAssertTrue(head.contains("\r\nset-cookie: a=b; path=/"), "split \(split): \(parts[0])")
            XCTAssertTrue(head.contains("\r\nset-cookie: c=d"), "split \(split): \(parts[0])")
            XCTAssertEqual(parts.last, "line one\nline two\n", "split \(split): the body must not contain the prelude or NUL bytes")
        }
    }

    func testBufferedModeAppliesPayload2Rules() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--invoke-mode", "BUFFERED", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let shaped = try LambdaTestSupport.run("curl", ["-s", "-i", "-d", #"{"mode":"buffered","value":{"statusCode":418,"headers":{"x-tea":"pot"},"cookies":["k=v"],"body":"aGk=","isBase64Encoded":true}}"#, "\(serve.base)/"])
        XCTAssertTrue(shaped.stdout.hasPrefix("HTTP/1.1 418"), shaped.stdout)
        XCTAssertTrue(shaped.stdout.lowercased().contains("x-tea: pot"), shaped.stdout)
        XCTAssertTrue(shaped.stdout.lowercased().contains("set-cookie: k=v"), shaped.stdout)
        XCTAssertTrue(shaped.stdout.hasSuffix("\r\n\r\nhi"), shaped.stdout)
        let plain = try LambdaTestSupport.run("curl", ["-s", "-i", "-d", #"{"mode":"buffered","value":[1,2]}"#, "\(serve.base)/"])
        XCTAssertTrue(plain.stdout.hasPrefix("HTTP/1.1 200"), plain.stdout)
        XCTAssertTrue(plain.stdout.lowercased().contains("content-type: application/json"), plain.stdout)
        XCTAssertTrue(plain.stdout.hasSuffix("[1, 2]"), plain.stdout)
        // A streamed reply with a prelude is still read as status + body in BUFFERED mode.
        let streamed = try LambdaTestSupport.run("curl", ["-s", "-i", "-d", #"{"mode":"prelude","split":"two"}"#, "\(serve.base)/"])
        XCTAssertTrue(streamed.stdout.hasPrefix("HTTP/1.1 201"), streamed.stdout)
        XCTAssertTrue(streamed.stdout.hasSuffix("\r\n\r\nline one\nline two\n"), streamed.stdout)
    }

    func testEventIsPayloadFormat2() throws {
        // Lower case on purpose: --invoke-mode takes Lambda's values in any case.
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)", "--invoke-mode", "buffered"])
        defer { serve.stop() }
        XCTAssertTrue(serve.stdout.contains("(BUFFERED"), serve.stdout)
        // The fixture's "echo" is its env mode's sibling: post the event back via the buffered path.
        let result = try LambdaTestSupport.run("curl", ["-s", "-X", "PUT", "-H", "Cookie: a=1; b=2", "-H", "X-Custom: v", "-H", "Content-Type: application/json",
                                      "-d", #"{"mode":"echo"}"#, "\(serve.base)/items/7?x=1&x=2&y=z"])
        let event = try XCTUnwrap(Fixture.json(result.stdout), result.transcript)
        XCTAssertEqual(event["version"] as? String, "2.0")
        XCTAssertEqual(event["routeKey"] as? String, "$default")
        XCTAssertEqual(event["rawPath"] as? String, "/items/7")
        XCTAssertEqual(event["rawQueryString"] as? String, "x=1&x=2&y=z")
        XCTAssertEqual(event["cookies"] as? [String], ["a=1", "b=2"])
        XCTAssertEqual((event["queryStringParameters"] as? [String: String])?["x"], "1,2")
        XCTAssertEqual((event["headers"] as? [String: String])?["x-custom"], "v")
        XCTAssertNil((event["headers"] as? [String: String])?["cookie"])
        XCTAssertEqual(event["body"] as? String, #"{"mode":"echo"}"#)
        XCTAssertEqual(event["isBase64Encoded"] as? Bool, false)
        let context = try XCTUnwrap(event["requestContext"] as? [String: Any])
        let http = try XCTUnwrap(context["http"] as? [String: Any])
        XCTAssertEqual(http["method"] as? String, "PUT")
        XCTAssertEqual(http["path"] as? String, "/items/7")
        XCTAssertEqual(http["sourceIp"] as? String, "127.0.0.1")
        XCTAssertEqual(context["accountId"] as? String, "anonymous")
        XCTAssertNotNil(context["timeEpoch"] as? Int)
    }
}
