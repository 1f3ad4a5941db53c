import Foundation
import LambdaTestSupport
import XCTest

/// Real runtime clients as the function: AWS's awslambdaric 4.2.2, and the seed design's Python
/// runtime (template python-stream) with a Python layer at /opt through the mount namespace.
final class RuntimeClientTests: XCTestCase {
    func awslambdaricFunction() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("lambdactl-ric")
        try dir.write("bootstrap", "#!/bin/sh\nexec \"$FIXTURE_PYTHON\" -m awslambdaric \"$_HANDLER\"\n", mode: 0o755)
        try dir.write("app.py", """
            print("app module loaded")

            def handler(event, context):
                if event.get("fail"):
                    raise ValueError("handler failed on purpose")
                return {"echo": event, "requestId": context.aws_request_id,
                        "remaining": context.get_remaining_time_in_millis(), "arn": context.invoked_function_arn}
            """)
        return dir
    }

    func testAwslambdaricRunsAndReportsErrors() throws {
        let dir = try awslambdaricFunction()
        defer { dir.remove() }
        let serve = try ServeHarness(["--dir", dir.path, "--handler", "app.handler", "--name", "ric", "--timeout", "10",
                                      "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let url = "\(serve.base)/2015-03-31/functions/ric/invocations"
        let ok = try LambdaTestSupport.run("curl", ["-s", "-i", "-d", #"{"n":1}"#, url])
        let okParts = ok.stdout.components(separatedBy: "\r\n\r\n")
        XCTAssertFalse(okParts[0].lowercased().contains("x-amz-function-error"), ok.stdout)
        let reply = try XCTUnwrap(Fixture.json(okParts.last ?? ""), ok.transcript + "\n" + serve.stdout)
        XCTAssertEqual((reply["echo"] as? [String: Any])?["n"] as? Int, 1)
        XCTAssertEqual((reply["requestId"] as? String)?.count, 36)
        XCTAssertEqual(reply["arn"] as? String, "arn:aws:lambda:us-east-1:123456789012:function:ric")
        let remaining = reply["remaining"] as? Int ?? 0
        XCTAssertTrue((5000...10000).contains(remaining), "deadline header must be epoch ms: remaining \(remaining)")

        let failed = try LambdaTestSupport.run("curl", ["-s", "-i", "-d", #"{"fail":true}"#, url])
        let failedParts = failed.stdout.components(separatedBy: "\r\n\r\n")
        XCTAssertTrue(failedParts[0].lowercased().contains("x-amz-function-error: unhandled"), failed.stdout)
        let error = try XCTUnwrap(Fixture.json(failedParts.last ?? ""), failed.transcript)
        XCTAssertEqual(error["errorType"] as? String, "ValueError")
        XCTAssertEqual(error["errorMessage"] as? String, "handler failed on purpose")
        XCTAssertTrue(serve.stdout.contains("app module loaded"), serve.stdout)
    }

    func testAwslambdaricInitErrorReachesTheCaller() throws {
        let dir = try awslambdaricFunction()
        defer { dir.remove() }
        let serve = try ServeHarness(["--dir", dir.path, "--handler", "nowhere.handler", "--name", "ric",
                                      "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        for _ in 0..<2 {
            let failed = try LambdaTestSupport.run("curl", ["-s", "-i", "-d", "{}", "\(serve.base)/2015-03-31/functions/ric/invocations"])
            let parts = failed.stdout.components(separatedBy: "\r\n\r\n")
            XCTAssertTrue(parts[0].lowercased().contains("x-amz-function-error: unhandled"), failed.stdout)
            XCTAssertEqual(Fixture.json(parts.last ?? "")?["errorType"] as? String, "Runtime.ImportModuleError", failed.stdout + serve.stdout)
        }
    }

    /// A layer folder shaped like the seed's (bin/python3.11, lib/python3.11, lib/libpython3.11.so*),
    /// made of links to the host's Python 3.11.
    func pythonLayer(in dir: TemporaryDirectory) throws -> String {
        let prefix = try LambdaTestSupport.run(Fixture.python, ["-c", "import sys; print(sys.base_prefix)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let layer = dir.path + "/python-layer"
        let fm = FileManager.default
        try fm.createDirectory(atPath: layer + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: layer + "/lib", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: layer + "/bin/python3.11", withDestinationPath: prefix + "/bin/python3.11")
        try fm.createSymbolicLink(atPath: layer + "/lib/python3.11", withDestinationPath: prefix + "/lib/python3.11")
        for name in try fm.contentsOfDirectory(atPath: prefix + "/lib") where name.hasPrefix("libpython3.11.so") {
            try fm.createSymbolicLink(atPath: layer + "/lib/" + name, withDestinationPath: prefix + "/lib/" + name)
        }
        return layer
    }

    func testSeedPythonRuntimeStreamsWithLayerAtOpt() throws {
        let template = Paths.repositoryRoot.appendingPathComponent("templates/python-stream").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: template + "/bootstrap"), "templates/python-stream is missing")
        XCTAssertEqual(getuid(), 0, "the /opt layer needs a private mount namespace (root or bwrap)")
        let dir = try TemporaryDirectory("lambdactl-seed")
        defer { dir.remove() }
        let layer = try pythonLayer(in: dir)
        let serve = try ServeHarness(["--dir", template, "--layer", layer, "--isolation", "namespace", "--timeout", "10"])
        defer { serve.stop() }

        let invoke = try TimedOutput(Paths.lambdactl, ["invoke", "--local", "--port", String(serve.port),
                                                      "--data", #"{"sentence":"seed runtime streams","delay_ms":400}"#])
        XCTAssertEqual(invoke.wait(), 0, invoke.stderr + serve.stdout)
        let lines = invoke.lineArrivals
        XCTAssertEqual(lines.map { Fixture.json($0.1)?["word"] as? String }, ["seed", "runtime", "streams"], invoke.text + serve.stdout)
        if lines.count == 3 {
            XCTAssertGreaterThan(lines[1].0.timeIntervalSince(lines[0].0), 0.25)
            XCTAssertGreaterThan(lines[2].0.timeIntervalSince(lines[1].0), 0.25)
        }
        // Through the Function URL the sentence comes in the request body (payload 2.0 event).
        let curl = try TimedOutput("curl", ["-sN", "-d", #"{"sentence":"through the url"}"#, "\(serve.base)/"])
        XCTAssertEqual(curl.wait(), 0, curl.stderr)
        let urlLines = curl.lineArrivals
        XCTAssertEqual(urlLines.map { Fixture.json($0.1)?["word"] as? String }, ["through", "the", "url"], curl.text)
        if urlLines.count == 3 {
            XCTAssertGreaterThan(urlLines[1].0.timeIntervalSince(urlLines[0].0), 0.3, "each line must appear with the handler's 0.5 s delay")
        }
    }
}
