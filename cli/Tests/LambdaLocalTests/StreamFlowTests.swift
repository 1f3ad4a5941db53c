import Foundation
import LambdaTestSupport
import XCTest

/// Big streams: serve reads the function only as fast as the client takes the bytes, delivers
/// everything produced before a failure, and ends each front as Lambda does.
final class StreamFlowTests: XCTestCase {
    static let megabyte = 1024 * 1024

    /// serve's resident memory in KB, from the kernel.
    static func residentKB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    /// Reads a Function URL stream in small bursts (a slow client), prints the byte count.
    static let slowReader = #"""
import http.client, json, sys, time
port, size = int(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection("127.0.0.1", port)
connection.request("POST", "/", json.dumps({"mode": "stream", "size": size}))
response = connection.getresponse()
total = 0
while True:
    piece = response.read(65536)
    if not piece:
        break
    total += len(piece)
    time.sleep(0.004)  # pacing, not synchronisation: about 16 MB/s at most
print(total)
"""#

    func testSlowClientKeepsServeMemoryBoundedAndGetsEveryByte() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--timeout", "300", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        // Warm: the environment exists and serve has served a stream once.
        let warm = try LambdaTestSupport.run("curl", ["-s", "-o", "/dev/null", "-w", "%{size_download}", "-d", #"{"mode":"stream","size":1048576}"#, "\(serve.base)/"])
        XCTAssertEqual(warm.stdout, "1048576", warm.transcript)
        let pid = serve.pid
        let idleKB = Self.residentKB(pid)
        XCTAssertGreaterThan(idleKB, 0)

        let size = 150 * Self.megabyte
        let reader = try TimedOutput(Fixture.python, ["-c", Self.slowReader, String(serve.port), String(size)])
        var peakKB = idleKB
        let deadline = Date().addingTimeInterval(300)
        while reader.process.isRunning && Date() < deadline {
            peakKB = max(peakKB, Self.residentKB(pid))
            usleep(50_000)
        }
        XCTAssertEqual(reader.wait(timeout: 10), 0, reader.stderr)
        XCTAssertEqual(reader.text, "\(size)\n", "every byte must arrive")
        XCTAssertLessThanOrEqual(peakKB - idleKB, 32 * 1024,
                                 "serve grew from \(idleKB / 1024) MB to \(peakKB / 1024) MB while a slow client read a 150 MB stream")
    }

    func testStreamOverTwoHundredMegabytesDeliversEverythingUpToTheCapThenEnds() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--timeout", "300", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let cap = 200 * Self.megabyte
        let event = #"{"mode":"stream","size":220200960,"chunk":1048576}"#  // 210 MB
        // Function URL: every byte up to the cap, then the cut (curl 18: transfer closed early).
        let curl = try LambdaTestSupport.run("curl", ["-sN", "-o", "/dev/null", "-w", "%{size_download}", "-d", event, "\(serve.base)/"])
        XCTAssertEqual(curl.status, 18, curl.transcript)
        XCTAssertEqual(curl.stdout, String(cap), "bytes the URL client received")
        XCTAssertTrue(serve.waitForOutput { $0.contains("Function.ResponseSizeTooLarge") }, serve.stdout)

        // Event stream, read by boto3: the same bytes, then InvokeComplete with the error.
        let script = #"""
import json, sys, boto3
client = boto3.client("lambda", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
response = client.invoke_with_response_stream(FunctionName="function", Payload=sys.argv[2])
total, complete = 0, None
for event in response["EventStream"]:
    if "PayloadChunk" in event:
        total += len(event["PayloadChunk"]["Payload"])
    elif "InvokeComplete" in event:
        complete = event["InvokeComplete"]
print(json.dumps({"total": total, "complete": complete}))
"""#
        let boto = try LambdaTestSupport.run(Fixture.python, ["-c", script, String(serve.port), event])
        XCTAssertEqual(boto.status, 0, boto.transcript)
        let out = try XCTUnwrap(Fixture.json(boto.stdout), boto.transcript)
        XCTAssertEqual(out["total"] as? Int, cap, "PayloadChunk bytes before InvokeComplete")
        let complete = try XCTUnwrap(out["complete"] as? [String: Any], boto.stdout)
        XCTAssertEqual(complete["ErrorCode"] as? String, "Function.ResponseSizeTooLarge")
        XCTAssertTrue((complete["ErrorDetails"] as? String ?? "").contains("(209715200 bytes)"), "\(complete)")
    }

    func testBrokenChunkedEncodingEndsTheInvocationAtOnce() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--timeout", "120", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let started = Date()
        let url = try LambdaTestSupport.run("curl", ["-sN", "-d", #"{"mode":"badchunk"}"#, "\(serve.base)/"])
        XCTAssertEqual(url.stdout, "partial\n", url.transcript)
        XCTAssertEqual(url.status, 18, "the URL stream is cut: \(url.transcript)")

        let streamed = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port), "--data", #"{"mode":"badchunk"}"#])
        XCTAssertEqual(streamed.stdout, "partial\n", streamed.transcript)
        XCTAssertTrue(streamed.stderr.contains("Runtime.TruncatedResponse"), streamed.transcript)

        let invoke = try LambdaTestSupport.run("curl", ["-s", "-d", #"{"mode":"badchunk"}"#, "\(serve.base)/2015-03-31/functions/function/invocations"])
        XCTAssertEqual(Fixture.json(invoke.stdout)?["errorType"] as? String, "Runtime.TruncatedResponse", invoke.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "three invocations must end long before the 120 s --timeout")
        XCTAssertEqual(serve.count("Task timed out"), 0, serve.stdout)
    }

    func testThrottleHoldsTheStreamToLambdasRateAfterSixMegabytes() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--throttle", "--timeout", "120", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let size = 12 * Self.megabyte
        let started = Date()
        let curl = try LambdaTestSupport.run("curl", ["-sN", "-o", "/dev/null", "-w", "%{size_download}", "-d", "{\"mode\":\"stream\",\"size\":\(size)}", "\(serve.base)/"])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(curl.status, 0, curl.transcript)
        XCTAssertEqual(curl.stdout, String(size))
        // 6 MB past the free 6 MB at 2 MB/s is 3 s; a loaded machine only makes it slower.
        XCTAssertGreaterThan(elapsed, 2.5, "--throttle must hold 12 MB to about 3 s")
        XCTAssertLessThan(elapsed, 60)
        XCTAssertTrue(serve.stdout.contains("throttled"), serve.stdout)
    }
}
