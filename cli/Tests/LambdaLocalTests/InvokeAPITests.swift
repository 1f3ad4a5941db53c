import Foundation
import LambdaTestSupport
import XCTest

/// The Invoke and InvokeWithResponseStream fronts, read by boto3, the AWS CLI v2 and `lambdactl invoke`.
final class InvokeAPITests: XCTestCase {
    static let boto3Script = #"""
import json, sys, time, boto3
port, name = sys.argv[1], sys.argv[2]
client = boto3.client("lambda", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
out = {}
def stream(payload):
    start = time.time()
    response = client.invoke_with_response_stream(FunctionName=name, Payload=json.dumps(payload), LogType="Tail")
    events = []
    for event in response["EventStream"]:
        if "PayloadChunk" in event:
            events.append({"kind": "chunk", "at": time.time() - start, "data": event["PayloadChunk"]["Payload"].decode()})
        elif "InvokeComplete" in event:
            events.append({"kind": "complete", "at": time.time() - start, **event["InvokeComplete"]})
        else:
            events.append({"kind": "other", "value": str(event)})
    return {"status": response["StatusCode"], "events": events}
out["words"] = stream({"mode": "words", "sentence": "a b c", "delay": 0.4})
out["trailer"] = stream({"mode": "trailer"})
out["error"] = stream({"mode": "error"})
r = client.invoke(FunctionName=name, Payload=json.dumps({"mode": "buffered", "value": {"ok": True}}), LogType="Tail")
import base64
out["invoke"] = {"status": r["StatusCode"], "error": r.get("FunctionError"), "payload": r["Payload"].read().decode(),
                 "log": base64.b64decode(r["LogResult"]).decode(), "version": r.get("ExecutedVersion")}
r = client.invoke(FunctionName=name, Payload=json.dumps({"mode": "error"}))
out["invokeError"] = {"status": r["StatusCode"], "error": r.get("FunctionError"), "payload": r["Payload"].read().decode()}
r = client.invoke(FunctionName=name, Payload=json.dumps({"mode": "words", "sentence": "x y", "delay": 0.01}))
out["invokeStreamed"] = {"status": r["StatusCode"], "payload": r["Payload"].read().decode()}
try:
    client.invoke(FunctionName="other-function", Payload=b"{}")
    out["missing"] = "no error"
except client.exceptions.ResourceNotFoundException as error:
    out["missing"] = "ResourceNotFoundException"
print(json.dumps(out))
"""#

    func testBoto3StreamsAndInvokes() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--name", "streamer", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let result = try LambdaTestSupport.run(Fixture.python, ["-c", Self.boto3Script, String(serve.port), "streamer"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let out = try XCTUnwrap(Fixture.json(result.stdout), result.transcript)

        let words = try XCTUnwrap((out["words"] as? [String: Any])?["events"] as? [[String: Any]])
        XCTAssertEqual(words.map { $0["kind"] as? String }, ["chunk", "chunk", "chunk", "complete"], "\(words)")
        let times = words.compactMap { $0["at"] as? Double }
        XCTAssertGreaterThan(times[1] - times[0], 0.25, "PayloadChunks must arrive progressively: \(times)")
        XCTAssertGreaterThan(times[2] - times[1], 0.25, "PayloadChunks must arrive progressively: \(times)")
        XCTAssertNil(words[3]["ErrorCode"] as? String)
        let log = String(decoding: Data(base64Encoded: words[3]["LogResult"] as? String ?? "") ?? Data(), as: UTF8.self)
        XCTAssertTrue(log.contains("START RequestId") && log.contains("REPORT RequestId"), log)

        let trailer = try XCTUnwrap((out["trailer"] as? [String: Any])?["events"] as? [[String: Any]])
        XCTAssertEqual(trailer.map { $0["kind"] as? String }, ["chunk", "complete"], "\(trailer)")
        XCTAssertEqual(trailer[0]["data"] as? String, "partial\n")
        XCTAssertEqual(trailer[1]["ErrorCode"] as? String, "Handler.Failed")
        XCTAssertTrue((trailer[1]["ErrorDetails"] as? String ?? "").contains("failed mid-stream"), "\(trailer)")

        let error = try XCTUnwrap((out["error"] as? [String: Any])?["events"] as? [[String: Any]])
        XCTAssertEqual(error.map { $0["kind"] as? String }, ["complete"], "\(error)")
        XCTAssertEqual(error[0]["ErrorCode"] as? String, "Function.ValueError")

        let invoke = try XCTUnwrap(out["invoke"] as? [String: Any])
        XCTAssertEqual(invoke["status"] as? Int, 200)
        XCTAssertNil(invoke["error"] as? String)
        XCTAssertEqual(Fixture.json(invoke["payload"] as? String ?? "")?["ok"] as? Bool, true)
        XCTAssertTrue((invoke["log"] as? String ?? "").contains("END RequestId"), "\(invoke)")
        XCTAssertEqual(invoke["version"] as? String, "$LATEST")

        let invokeError = try XCTUnwrap(out["invokeError"] as? [String: Any])
        XCTAssertEqual(invokeError["error"] as? String, "Unhandled")
        XCTAssertEqual(Fixture.json(invokeError["payload"] as? String ?? "")?["errorMessage"] as? String, "bad input")

        let streamed = try XCTUnwrap(out["invokeStreamed"] as? [String: Any])
        XCTAssertEqual((streamed["payload"] as? String ?? "").split(separator: "\n").count, 2, "a streaming function invoked through Invoke returns its whole stream")
        XCTAssertEqual(out["missing"] as? String, "ResourceNotFoundException")
    }

    func testAwsCLIInvokeGetsPayloadAndFunctionError() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--name", "streamer", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let dir = try TemporaryDirectory("lambdactl-awscli")
        defer { dir.remove() }
        let ok = try LambdaTestSupport.run(Fixture.aws, ["lambda", "invoke", "--endpoint-url", serve.base, "--function-name", "streamer",
                                       "--cli-binary-format", "raw-in-base64-out", "--payload", #"{"mode":"buffered","value":{"n":42}}"#,
                                       dir.path + "/ok.json"], environment: Fixture.awsEnvironment)
        XCTAssertEqual(ok.status, 0, ok.transcript)
        let okReply = try XCTUnwrap(Fixture.json(ok.stdout), ok.transcript)
        XCTAssertEqual(okReply["StatusCode"] as? Int, 200)
        XCTAssertNil(okReply["FunctionError"])
        XCTAssertEqual(okReply["ExecutedVersion"] as? String, "$LATEST")
        let okPayload = try String(contentsOfFile: dir.path + "/ok.json", encoding: .utf8)
        XCTAssertEqual(Fixture.json(okPayload)?["n"] as? Int, 42)

        let failed = try LambdaTestSupport.run(Fixture.aws, ["lambda", "invoke", "--endpoint-url", serve.base, "--function-name", "streamer",
                                           "--cli-binary-format", "raw-in-base64-out", "--payload", #"{"mode":"error"}"#,
                                           "--log-type", "Tail", dir.path + "/err.json"], environment: Fixture.awsEnvironment)
        XCTAssertEqual(failed.status, 0, failed.transcript)
        let failedReply = try XCTUnwrap(Fixture.json(failed.stdout), failed.transcript)
        XCTAssertEqual(failedReply["FunctionError"] as? String, "Unhandled")
        let log = String(decoding: Data(base64Encoded: failedReply["LogResult"] as? String ?? "") ?? Data(), as: UTF8.self)
        XCTAssertTrue(log.contains("REPORT RequestId"), log)
        let errPayload = try String(contentsOfFile: dir.path + "/err.json", encoding: .utf8)
        XCTAssertEqual(Fixture.json(errPayload)?["errorType"] as? String, "ValueError")
    }

    func testLambdactlInvokeLocalPrintsChunksAsTheyArrive() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let invoke = try TimedOutput(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port),
                                                      "--data", #"{"mode":"words","sentence":"p q r","delay":0.4}"#])
        XCTAssertEqual(invoke.wait(), 0, invoke.stderr)
        let lines = invoke.lineArrivals
        XCTAssertEqual(lines.map { Fixture.json($0.1)?["word"] as? String }, ["p", "q", "r"], invoke.text)
        XCTAssertGreaterThan(lines[2].0.timeIntervalSince(lines[0].0), 0.5, "chunks must be printed as they arrive")

        let failed = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port), "--data", #"{"mode":"trailer"}"#])
        XCTAssertEqual(failed.status, 1, failed.transcript)
        XCTAssertEqual(failed.stdout, "partial\n")
        XCTAssertTrue(failed.stderr.contains("Handler.Failed"), failed.transcript)

        let url = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port), "--url-event", "--data", #"{"mode":"prelude","split":"bytes"}"#])
        XCTAssertEqual(url.status, 0, url.transcript)
        XCTAssertEqual(url.stdout, "line one\nline two\n")
        XCTAssertTrue(url.stderr.contains("HTTP 201"), url.transcript)

        let noServer = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(Paths.freePort())])
        XCTAssertEqual(noServer.status, 3, "a server that cannot be reached is the network's exit status: \(noServer.transcript)")
        XCTAssertTrue(noServer.stderr.contains("could not reach `lambdactl serve`"), noServer.transcript)
        XCTAssertFalse(noServer.stderr.contains("--region"), "a local server has no region: \(noServer.transcript)")
        XCTAssertTrue(noServer.stderr.contains("connection refused"), noServer.transcript)
        XCTAssertTrue(noServer.stderr.contains("Is `lambdactl serve` running?"), noServer.transcript)

    }

    /// `lambdactl invoke FUNCTION` (remote): InvokeWithResponseStream signed with the credentials
    /// the real aws CLI v2 exports, sent to serve's event-stream front as if it were Lambda.
    func testRemoteInvokeStreamsThroughInvokeWithResponseStream() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let common = ["--aws", Fixture.aws, "--endpoint-url", serve.base, "--region", "us-east-1"]
        let invoke = try TimedOutput(Paths.lambdactl, ["invoke", "function", "--data", #"{"mode":"words","sentence":"x y z","delay":0.4}"#] + common,
                                     environment: Fixture.awsEnvironment)
        XCTAssertEqual(invoke.wait(), 0, invoke.stderr + serve.stdout)
        let lines = invoke.lineArrivals
        XCTAssertEqual(lines.map { Fixture.json($0.1)?["word"] as? String }, ["x", "y", "z"], invoke.text)
        if lines.count == 3 {
            XCTAssertGreaterThan(lines[2].0.timeIntervalSince(lines[0].0), 0.5, "chunks must be printed as they arrive")
        }
        let failed = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "function", "--data", #"{"mode":"trailer"}"#] + common,
                                               environment: Fixture.awsEnvironment)
        XCTAssertEqual(failed.status, 1, failed.transcript)
        XCTAssertEqual(failed.stdout, "partial\n")
        XCTAssertTrue(failed.stderr.contains("Handler.Failed"), failed.transcript)
    }

    /// `invoke --local --event NAME` sends the service's event with --data in its place; the
    /// fixture echoes it back, and Python's json reads it.
    func testInvokeSendsSampleEventsWithTheDataInPlace() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let sqs = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port),
                                                              "--event", "sqs", "--data", #"{"order": 42}"#])
        XCTAssertEqual(sqs.status, 0, sqs.transcript)
        let read = try LambdaTestSupport.run("python3", ["-c", """
            import hashlib, json, sys
            record = json.loads(sys.stdin.read())["Records"][0]
            print(record["eventSource"], record["body"], record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest())
            """], input: Data(sqs.stdout.utf8))
        XCTAssertEqual(read.stdout, #"aws:sqs {"order": 42} True"# + "\n", read.transcript)

        let schedule = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port), "--event", "schedule"])
        XCTAssertEqual(schedule.status, 0, schedule.transcript)
        XCTAssertEqual(Fixture.json(schedule.stdout)?["detail-type"] as? String, "Scheduled Event", schedule.transcript)

        let misplaced = try LambdaTestSupport.run(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port), "--event", "s3", "--data", "{}"])
        XCTAssertEqual(misplaced.status, 2, misplaced.transcript)
        XCTAssertTrue(misplaced.stderr.contains("events show s3"), misplaced.transcript)
    }
}
