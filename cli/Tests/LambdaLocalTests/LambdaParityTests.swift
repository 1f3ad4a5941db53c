import Foundation
import LambdaTestSupport
import XCTest

/// Small differences from Lambda that callers notice: error names, limits to the byte, ARNs,
/// qualifiers, connection handling, REPORT lines.
final class LambdaParityTests: XCTestCase {
    func invokeURL(_ serve: ServeHarness, name: String = "function", query: String = "") -> String {
        "\(serve.base)/2015-03-31/functions/\(name)/invocations\(query)"
    }

    /// `curl -i`: (status line and headers lower-cased, body).
    func curl(_ arguments: [String]) throws -> (String, String) {
        let result = try LambdaTestSupport.run("curl", ["-s", "-i"] + arguments)
        XCTAssertEqual(result.status, 0, result.transcript)
        let parts = result.stdout.components(separatedBy: "\r\n\r\n")
        return (parts[0].lowercased(), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    func testOversizedRequestIsRequestEntityTooLarge() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let payload = try directory.write("big.json", "\"" + String(repeating: "x", count: 7_000_000) + "\"")
        let (headers, body) = try curl(["-H", "Expect:", "--data-binary", "@\(payload)", invokeURL(serve)])
        XCTAssertTrue(headers.hasPrefix("http/1.1 413"), headers)
        XCTAssertTrue(headers.contains("x-amzn-errortype: requestentitytoolargeexception"), headers)
        XCTAssertTrue(body.contains("6291456 bytes"), body)
    }

    func testInvalidJSONIsRejectedBeforeTheFunctionRuns() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let script = #"""
import json, sys, boto3, botocore
client = boto3.client("lambda", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
out = {}
for api in ("invoke", "invoke_with_response_stream"):
    try:
        getattr(client, api)(FunctionName="function", Payload=b"{not json")
        out[api] = "accepted"
    except botocore.exceptions.ClientError as error:
        out[api] = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps(out))
"""#
        let result = try LambdaTestSupport.run(Fixture.python, ["-c", script, String(serve.port)])
        let out = try XCTUnwrap(Fixture.json(result.stdout), result.transcript)
        for api in ["invoke", "invoke_with_response_stream"] {
            let answer = out[api] as? [Any]
            XCTAssertEqual(answer?.first as? String, "InvalidRequestContentException", "\(api): \(out)")
            XCTAssertEqual(answer?.last as? Int, 400, "\(api): \(out)")
        }
        XCTAssertFalse(serve.stdout.contains("START RequestId"), "the function must not see an invalid event:\n\(serve.stdout)")
    }

    func testBufferedCapIsLambdasToTheByteAndAppliesToStreamingFunctions() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        // "big" answers size + 2 bytes (a JSON string): 6,291,556 is the largest Lambda accepts.
        let (okHeaders, okBody) = try curl(["-d", #"{"mode":"big","size":6291554}"#, invokeURL(serve)])
        XCTAssertFalse(okHeaders.contains("x-amz-function-error"), okHeaders)
        XCTAssertEqual(okBody.utf8.count, 6_291_556)
        let (overHeaders, overBody) = try curl(["-d", #"{"mode":"big","size":6291555}"#, invokeURL(serve)])
        XCTAssertTrue(overHeaders.contains("x-amz-function-error: unhandled"), overHeaders)
        XCTAssertEqual(Fixture.json(overBody)?["errorType"] as? String, "Function.ResponseSizeTooLarge", overBody)
        XCTAssertTrue(overBody.contains("(6291556 bytes)"), overBody)

        // A streaming function called through Invoke gets the buffered limit too.
        let (streamHeaders, streamBody) = try curl(["-d", #"{"mode":"stream","size":20971520}"#, invokeURL(serve)])
        XCTAssertTrue(streamHeaders.contains("x-amz-function-error: unhandled"), streamHeaders)
        XCTAssertEqual(Fixture.json(streamBody)?["errorType"] as? String, "Function.ResponseSizeTooLarge", String(streamBody.prefix(300)))
    }

    func testBufferedFunctionURLAppliesTheSixMegabyteCapToAStream() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--invoke-mode", "BUFFERED", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let result = try LambdaTestSupport.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-d", #"{"mode":"stream","size":20971520}"#, "\(serve.base)/"])
        XCTAssertEqual(result.stdout, "502", result.transcript)
        XCTAssertTrue(serve.waitForOutput { $0.contains("Function.ResponseSizeTooLarge") }, serve.stdout)
    }

    func testNotFoundNamesTheRequestedARNAndQualifiersAreHonoured() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let (missingHeaders, missing) = try curl(["-d", "{}", invokeURL(serve, name: "nope")])
        XCTAssertTrue(missingHeaders.hasPrefix("http/1.1 404"), missingHeaders)
        XCTAssertTrue(missing.contains("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"), missing)

        let (_, qualified) = try curl(["-d", "{}", invokeURL(serve, query: "?Qualifier=prod")])
        XCTAssertTrue(qualified.contains("Function not found: arn:aws:lambda:us-east-1:123456789012:function:function:prod"), qualified)
        let (_, inName) = try curl(["-d", "{}", invokeURL(serve, name: "function:prod")])
        XCTAssertTrue(inName.contains("function:function:prod"), inName)

        let (latestHeaders, latest) = try curl(["-d", #"{"mode":"buffered","value":"latest"}"#, invokeURL(serve, query: "?Qualifier=%24LATEST")])
        XCTAssertTrue(latestHeaders.hasPrefix("http/1.1 200"), latestHeaders)
        XCTAssertEqual(latest, #""latest""#)

        // boto3 sends Qualifier as the query parameter.
        let script = #"""
import sys, boto3
client = boto3.client("lambda", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
try:
    client.invoke(FunctionName="function", Qualifier="prod", Payload=b"{}")
    print("invoked")
except client.exceptions.ResourceNotFoundException as error:
    print("ResourceNotFoundException", error.response["Error"]["Message"])
"""#
        let boto = try LambdaTestSupport.run(Fixture.python, ["-c", script, String(serve.port)])
        XCTAssertTrue(boto.stdout.hasPrefix("ResourceNotFoundException Function not found: arn:aws:lambda:us-east-1:123456789012:function:function:prod"), boto.transcript)
    }

    func testMalformedRequestIsAnsweredAndTheConnectionClosed() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let script = #"""
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(20)
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\x01\r\n\r\n")
data = b""
try:
    while True:
        piece = s.recv(4096)
        if not piece:
            print("closed")
            break
        data += piece
except socket.timeout:
    print("still open")
print(data.split(b"\r\n")[0].decode())
"""#
        let result = try LambdaTestSupport.run(Fixture.python, ["-c", script, String(serve.port)])
        XCTAssertEqual(result.stdout, "closed\nHTTP/1.1 400 Bad Request\n", result.transcript)
    }

    func testReportAfterACrashShowsTheMemoryUsed() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let (headers, _) = try curl(["-d", #"{"mode":"segfault"}"#, invokeURL(serve)])
        XCTAssertTrue(headers.contains("x-amz-function-error: unhandled"), headers)
        XCTAssertTrue(serve.waitForOutput { $0.contains("REPORT RequestId") }, serve.stdout)
        let report = try XCTUnwrap(serve.stdout.split(separator: "\n").first { $0.hasPrefix("REPORT RequestId") })
        let used = report.components(separatedBy: "Max Memory Used: ").last?.split(separator: " ").first.flatMap { Int($0) }
        XCTAssertGreaterThan(used ?? 0, 1, "a Python function that crashed still used memory: \(report)")
    }
}
