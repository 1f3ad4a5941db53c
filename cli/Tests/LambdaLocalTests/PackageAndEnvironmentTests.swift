import Foundation
import LambdaTestSupport
import XCTest

/// What the function sees: Lambda's environment, /var/task and /opt, zips unpacked safely.
final class PackageAndEnvironmentTests: XCTestCase {
    func environmentReport(_ serve: ServeHarness, name: String = "function") throws -> [String: Any] {
        let result = try LambdaTestSupport.run("curl", ["-s", "-d", #"{"mode":"env"}"#, "\(serve.base)/2015-03-31/functions/\(name)/invocations"])
        return try XCTUnwrap(Fixture.json(result.stdout), result.transcript + serve.stdout)
    }

    /// Builds a zip with Python's zipfile (an independent writer), keeping modes.
    func zip(_ output: String, files: [String: (String, Int)]) throws {
        let sources = try TemporaryDirectory("lambdactl-zipsrc")
        defer { sources.remove() }
        var spec: [[Any]] = []
        for (index, (name, value)) in files.enumerated() {
            spec.append([name, try sources.write("f\(index)", value.0), value.1])
        }
        let specJSON = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let script = """
            import json, zipfile, sys
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for name, path, mode in json.loads(sys.argv[2]):
                    info = zipfile.ZipInfo(name)
                    info.external_attr = (0o100000 | mode) << 16
                    info.create_system = 3
                    z.writestr(info, open(path, "rb").read())
            """
        let result = try LambdaTestSupport.run(Fixture.python, ["-c", script, output, specJSON])
        XCTAssertEqual(result.status, 0, result.transcript)
    }

    func testNamespaceShowsVarTaskOptAndLambdaEnvironment() throws {
        let dir = try TemporaryDirectory("lambdactl-env")
        defer { dir.remove() }
        let runtime = try String(contentsOfFile: Fixture.streamRuntime + "/runtime.py", encoding: .utf8)
        let bootstrap = try String(contentsOfFile: Fixture.streamRuntime + "/bootstrap", encoding: .utf8)
        try zip(dir.path + "/function.zip", files: ["bootstrap": (bootstrap, 0o755), "runtime.py": (runtime, 0o644)])
        try zip(dir.path + "/layer1.zip", files: ["bin/tool": ("#!/bin/sh\n", 0o755), "shared.txt": ("first", 0o644)])
        try zip(dir.path + "/layer2.zip", files: ["shared.txt": ("second", 0o644), "lib/extra.so": ("x", 0o644)])
        let serve = try ServeHarness([dir.path + "/function.zip", "--layer", dir.path + "/layer1.zip", "--layer", dir.path + "/layer2.zip",
                                      "--memory", "512", "--name", "envcheck", "--env", "FIXTURE_PYTHON=\(Fixture.python)", "--env", "GREETING=hi",
                                      "--isolation", "namespace"])
        defer { serve.stop() }
        let report = try environmentReport(serve, name: "envcheck")
        let env = try XCTUnwrap(report["env"] as? [String: String])
        XCTAssertEqual(report["cwd"] as? String, "/var/task")
        XCTAssertEqual(report["task_exists"] as? Bool, true)
        XCTAssertEqual(report["opt_listing"] as? [String], ["bin", "lib", "shared.txt"])
        XCTAssertEqual(env["LAMBDA_TASK_ROOT"], "/var/task")
        XCTAssertEqual(env["AWS_LAMBDA_FUNCTION_NAME"], "envcheck")
        XCTAssertEqual(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "512")
        XCTAssertEqual(env["AWS_LAMBDA_FUNCTION_VERSION"], "$LATEST")
        XCTAssertEqual(env["_HANDLER"], "lambda_function.lambda_handler")
        XCTAssertEqual(env["GREETING"], "hi")
        XCTAssertEqual(env["AWS_REGION"], "us-east-1")
        XCTAssertNotNil(env["AWS_LAMBDA_RUNTIME_API"])
        XCTAssertTrue(env["PATH"]?.hasSuffix("/opt/bin") == true, env["PATH"] ?? "")
        XCTAssertTrue(env["LD_LIBRARY_PATH"]?.contains("/opt/lib") == true)
        XCTAssertNil(env["HOME"], "the host environment must not leak into the function")
        XCTAssertTrue(serve.stdout.contains("Memory Size: 512 MB"))
        // The later layer wins.
        let shared = try LambdaTestSupport.run("curl", ["-s", "-d", #"{"mode":"buffered","value":1}"#, "\(serve.base)/2015-03-31/functions/envcheck/invocations"])
        XCTAssertEqual(shared.stdout, "1")
    }

    func testBubblewrapGivesTheSameView() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--isolation", "bwrap", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        XCTAssertTrue(serve.stdout.contains("isolation bwrap"), serve.stdout)
        let report = try environmentReport(serve)
        XCTAssertEqual(report["cwd"] as? String, "/var/task")
        XCTAssertEqual(report["task_exists"] as? Bool, true)
        XCTAssertEqual(report["opt_listing"] as? [String], [], "no layers: /opt is empty, as on Lambda")
    }

    func testWithoutNamespaceItWarnsAndRunsFromTheFolder() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--isolation", "none", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        XCTAssertTrue(serve.stderr.contains("absolute /var/task and /opt paths will not resolve"), serve.stderr)
        let report = try environmentReport(serve)
        let env = try XCTUnwrap(report["env"] as? [String: String])
        XCTAssertEqual(env["LAMBDA_TASK_ROOT"], Fixture.streamRuntime)
        XCTAssertEqual(report["cwd"] as? String, Fixture.streamRuntime)
    }

    func testUnsafeZipIsRefused() throws {
        let dir = try TemporaryDirectory("lambdactl-unsafe")
        defer { dir.remove() }
        try zip(dir.path + "/evil.zip", files: ["bootstrap": ("#!/bin/sh\n", 0o755), "../escape.txt": ("x", 0o644)])
        let result = try LambdaTestSupport.run(Paths.lambdactl, ["serve", dir.path + "/evil.zip", "--port", "0"])
        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("evil.zip"), result.transcript)
        XCTAssertFalse(FileManager.default.fileExists(atPath: (dir.path as NSString).deletingLastPathComponent + "/escape.txt"))
    }

    func testMissingBootstrapAndBadOptionsAreClearErrors() throws {
        let dir = try TemporaryDirectory("lambdactl-nobootstrap")
        defer { dir.remove() }
        try dir.write("handler.py", "")
        let missing = try LambdaTestSupport.run(Paths.lambdactl, ["serve", "--dir", dir.path, "--port", "0"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("Couldn't find valid bootstrap(s)"), missing.transcript)
        try dir.write("bootstrap", "#!/bin/sh\n", mode: 0o644)
        let notExecutable = try LambdaTestSupport.run(Paths.lambdactl, ["serve", "--dir", dir.path, "--port", "0"])
        XCTAssertTrue(notExecutable.stderr.contains("chmod 755"), notExecutable.transcript)
        let badMode = try LambdaTestSupport.run(Paths.lambdactl, ["serve", "--dir", dir.path, "--invoke-mode", "STREAMING"])
        XCTAssertEqual(badMode.status, 64, "a wrong value is a usage error: \(badMode.transcript)")
        XCTAssertTrue(badMode.stderr.contains("'BUFFERED' and 'RESPONSE_STREAM'"), badMode.transcript)
        let badIsolation = try LambdaTestSupport.run(Paths.lambdactl, ["serve", "--dir", dir.path, "--isolation", "chroot"])
        XCTAssertEqual(badIsolation.status, 64, badIsolation.transcript)
        XCTAssertTrue(badIsolation.stderr.contains("'auto', 'namespace', 'bwrap' or 'none'"), badIsolation.transcript)
        let twoSources = try LambdaTestSupport.run(Paths.lambdactl, ["serve", "--dir", dir.path, "--binary", "/bin/true"])
        XCTAssertTrue(twoSources.stderr.contains("exactly one of"), twoSources.transcript)
    }
}
