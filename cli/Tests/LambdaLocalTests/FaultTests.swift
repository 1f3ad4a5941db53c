import Foundation
import LambdaTestSupport
import XCTest

/// Every fault gets Lambda's answer, the server keeps serving, and no process is left behind
/// (`ServeHarness.stop()` checks the last part).
final class FaultTests: XCTestCase {
    func invokeURL(_ serve: ServeHarness) -> String { "\(serve.base)/2015-03-31/functions/function/invocations" }

    /// `curl -i` against the Invoke API; returns (headers lower-cased, body).
    func invoke(_ serve: ServeHarness, _ payload: String) throws -> (String, String) {
        let result = try LambdaTestSupport.run("curl", ["-s", "-i", "-d", payload, invokeURL(serve)])
        XCTAssertEqual(result.status, 0, result.transcript)
        let parts = result.stdout.components(separatedBy: "\r\n\r\n")
        return (parts[0].lowercased(), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    func testTimeoutKillsAndNextInvocationIsAColdStart() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--timeout", "1", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let (headers, body) = try invoke(serve, #"{"mode":"sleep","seconds":30}"#)
        XCTAssertTrue(headers.contains("x-amz-function-error: unhandled"), headers)
        let error = try XCTUnwrap(Fixture.json(body), body)
        XCTAssertEqual(error["errorType"] as? String, "Sandbox.Timedout")
        XCTAssertTrue((error["errorMessage"] as? String ?? "").contains("Task timed out after 1.00 seconds"), body)
        XCTAssertTrue(serve.stdout.contains("Task timed out after 1.00 seconds"), serve.stdout)

        let (okHeaders, okBody) = try invoke(serve, #"{"mode":"buffered","value":"again"}"#)
        XCTAssertFalse(okHeaders.contains("x-amz-function-error"), okHeaders)
        XCTAssertEqual(okBody, #""again""#)
        XCTAssertTrue(serve.waitForOutput { $0.components(separatedBy: "Init Duration").count - 1 == 2 },
                      "the invocation after a timeout must start a fresh environment:\n\(serve.stdout)")
    }

    func testBootstrapExitingAtStartIsRuntimeExitError() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_START=exit1"])
        defer { serve.stop() }
        for _ in 0..<2 {
            let (headers, body) = try invoke(serve, "{}")
            XCTAssertTrue(headers.contains("x-amz-function-error: unhandled"), headers)
            let error = try XCTUnwrap(Fixture.json(body), body)
            XCTAssertEqual(error["errorType"] as? String, "Runtime.ExitError")
            XCTAssertTrue((error["errorMessage"] as? String ?? "").contains("Runtime exited with error: exit status 1"), body)
        }
        XCTAssertTrue(serve.stdout.contains("[1] fixture: exiting 1 at start"), "function output is logged, prefixed:\n\(serve.stdout)")
        XCTAssertTrue(serve.stdout.contains("INIT_REPORT"), serve.stdout)
    }

    func testBufferedResponseOverSixMegabytesIsAnError() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let (headers, body) = try invoke(serve, #"{"mode":"big","size":7000000}"#)
        XCTAssertTrue(headers.contains("x-amz-function-error: unhandled"), headers)
        XCTAssertEqual(Fixture.json(body)?["errorType"] as? String, "Function.ResponseSizeTooLarge", String(body.prefix(300)))
        let (_, small) = try invoke(serve, #"{"mode":"big","size":10}"#)
        XCTAssertEqual(small, "\"" + String(repeating: "x", count: 10) + "\"")
    }

    func testInitErrorPostIsReturned() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_START=initerror", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let (headers, body) = try invoke(serve, "{}")
        XCTAssertTrue(headers.contains("x-amz-function-error: unhandled"), headers)
        XCTAssertEqual(Fixture.json(body)?["errorType"] as? String, "Runtime.ImportModuleError", body)
    }

    func testSegfaultMidStreamCutsTheStreamAndServerRecovers() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let curl = try LambdaTestSupport.run("curl", ["-sN", "-d", #"{"mode":"segfault"}"#, "\(serve.base)/"])
        XCTAssertEqual(curl.stdout, "before the crash\n")
        XCTAssertEqual(curl.status, 18, "curl must see an incomplete transfer, not a clean end: \(curl.transcript)")

        let streamed = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port), "--data", #"{"mode":"segfault"}"#])
        XCTAssertEqual(streamed.status, 1, streamed.transcript)
        XCTAssertEqual(streamed.stdout, "before the crash\n")
        XCTAssertTrue(streamed.stderr.contains("Runtime.ExitError"), streamed.transcript)
        XCTAssertTrue(streamed.stderr.contains("signal: segmentation fault"), streamed.transcript)

        let (_, body) = try invoke(serve, #"{"mode":"buffered","value":"still here"}"#)
        XCTAssertEqual(body, #""still here""#)
    }

    func testClientDisconnectMidStreamDoesNotDisturbTheServer() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let cut = try LambdaTestSupport.run("curl", ["-sN", "--max-time", "1", "-d", #"{"mode":"words","sentence":"a b c d e","delay":0.4}"#, "\(serve.base)/"])
        XCTAssertEqual(cut.status, 28, cut.transcript)
        XCTAssertTrue(cut.stdout.hasPrefix("{\"word\": \"a\""), cut.transcript)
        // The invocation runs to its end on the server side, then the environment is reused.
        XCTAssertTrue(serve.waitForOutput { $0.contains("END RequestId") }, serve.stdout)
        let again = try LambdaTestSupport.run("curl", ["-sN", "-d", #"{"mode":"words","sentence":"x","delay":0}"#, "\(serve.base)/"])
        XCTAssertEqual(again.status, 0, again.transcript)
        XCTAssertTrue(again.stdout.contains("\"word\": \"x\""), again.transcript)
        XCTAssertEqual(serve.count("Init Duration"), 1, serve.stdout)
    }

    func testEventStreamClientDisconnectAndAsyncInvoke() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        // Read the first PayloadChunk's bytes, then hang up in the middle of the stream.
        let script = """
            import socket, sys
            body = b'{"mode":"words","sentence":"a b c d e","delay":0.3}'
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.sendall(b"POST /2021-11-15/functions/function/response-streaming-invocations HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
            data = b""
            while b"PayloadChunk" not in data:
                data += s.recv(4096)
            s.close()
            print("disconnected")
            """
        let client = try LambdaTestSupport.run(Fixture.python, ["-c", script, String(serve.port)])
        XCTAssertEqual(client.stdout, "disconnected\n", client.transcript)
        XCTAssertTrue(serve.waitForOutput { $0.contains("END RequestId") }, "the invocation must still run to its end:\n\(serve.stdout)")

        // X-Amz-Invocation-Type: Event answers 202 at once and runs in the background.
        let event = try LambdaTestSupport.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "X-Amz-Invocation-Type: Event",
                                                      "-d", #"{"mode":"buffered","value":1}"#, invokeURL(serve)])
        XCTAssertEqual(event.stdout, "202", event.transcript)
        XCTAssertTrue(serve.waitForOutput { $0.components(separatedBy: "REPORT RequestId").count - 1 == 2 }, serve.stdout)
        let (_, body) = try invoke(serve, #"{"mode":"buffered","value":"next"}"#)
        XCTAssertEqual(body, #""next""#)
    }

    func testTwentyConcurrentClientsWithConcurrencyTwo() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--concurrency", "2", "--timeout", "30", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let clients = try (0..<20).map { index in
            try TimedOutput("curl", ["-sN", "-d", #"{"mode":"words","sentence":"c\#(index) done","delay":0.05}"#, "\(serve.base)/"])
        }
        for (index, client) in clients.enumerated() {
            XCTAssertEqual(client.wait(timeout: 60), 0, client.stderr)
            let words = client.lineArrivals.map { Fixture.json($0.1)?["word"] as? String }
            XCTAssertEqual(words, ["c\(index)", "done"], "client \(index): \(client.text)")
        }
        XCTAssertTrue(serve.waitForOutput { $0.components(separatedBy: "REPORT RequestId").count - 1 == 20 }, serve.stdout)
        XCTAssertEqual(serve.count("Init Duration"), 2, "exactly two environments, the rest queued:\n\(serve.stdout)")
        XCTAssertEqual(serve.count("START RequestId"), 20)
    }
}
