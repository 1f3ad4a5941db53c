import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl init`: every template, as created, packages, serves and streams through the other
/// commands; the project file is read back by Python's tomllib; refusals write nothing.
final class InitCommandTests: XCTestCase {
    static let event = #"{"sentence":"a b","delay_ms":0}"#
    static let expectedLines = ["a 0/2", "b 1/2"]

    // MARK: init → package → serve → invoke --local

    func testPythonStreamPackagesServesAndStreams() throws {
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.remove() }
        let project = try initProject(name: "words", template: "python-stream", in: directory)
        // With no flags, as the README and init say: lambdactl.toml names the folder and what stays out.
        let packaged = try runProcess(Paths.lambdactl, ["package"], currentDirectory: project)
        XCTAssertEqual(packaged.status, 0, packaged.transcript)
        let zip = project + "/.lambdactl/words.zip"
        let names = try runProcess("python3", ["-c", "import sys, zipfile; print('\\n'.join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))", zip])
        XCTAssertEqual(names.stdout.split(separator: "\n").map(String.init), ["bootstrap", "lambda_function.py", "runtime.py"],
                       "the project's own files (lambdactl.toml, .gitignore, README.md) must stay out of /var/task")

        // Before build-layer: the layer lambdactl.toml lists is missing, and serve says how to make it.
        let early = try runProcess(Paths.lambdactl, ["serve", "--port", "0"], currentDirectory: project)
        XCTAssertEqual(early.status, 2, early.transcript)
        XCTAssertTrue(early.stderr.contains("lambdactl build-layer python"), early.transcript)

        let layer = try PythonLayer.hostLinks(in: directory)
        let lines = try serveAndInvoke(zip: zip, extraServeArguments: ["--layer", layer], project: project)
        XCTAssertEqual(try normalizedJSONLines(lines), Self.expectedLines)
    }

    func testSwiftStreamPackagesServesAndStreams() throws {
        try checkSwiftTemplate("swift-stream", invokeArguments: [])
    }

    func testSwiftURLPackagesServesAndStreams() throws {
        // The function answers in the Function URL format (status and headers first): --url-event sends
        // a URL event and strips that prelude, leaving the body's lines.
        try checkSwiftTemplate("swift-url", invokeArguments: ["--url-event"])
    }

    private func checkSwiftTemplate(_ template: String, invokeArguments: [String]) throws {
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.removeIncludingSwiftPMLocks() }
        let project = try initProject(name: "streamer", template: template, in: directory)
        let manifest = try String(contentsOfFile: project + "/Package.swift", encoding: .utf8)
        XCTAssertTrue(manifest.contains(#"name: "streamer""#), manifest)
        XCTAssertEqual(try writtenRuntimePath(manifest, project: project), Paths.repositoryRoot.resolvingSymlinksInPath().path,
                       "a checkout's lambdactl points the project at the checkout:\n\(manifest)")
        let zip = directory.path + "/streamer.zip"
        let packaged = try runProcess(
            Paths.lambdactl,
            ["package", "--product", "bootstrap", "--package-path", project, "--build", "native", "--output", zip],
            currentDirectory: project
        )
        XCTAssertEqual(packaged.status, 0, packaged.transcript)
        let lines = try serveAndInvoke(zip: zip, extraServeArguments: [], project: project, invokeArguments: invokeArguments)
        XCTAssertEqual(try normalizedJSONLines(lines), Self.expectedLines)
    }

    // MARK: what init writes

    func testProjectFileIsReadBackByTomllib() throws {
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.remove() }
        let swift = try initProject(name: "fn-1", template: "swift-url", in: directory, extra: ["--arch", "arm64"])
        let python = try initProject(name: "fn_2", template: "python-stream", in: directory)
        let swiftFile = try tomllib(swift + "/lambdactl.toml")
        let pythonFile = try tomllib(python + "/lambdactl.toml")

        let function = try XCTUnwrap(swiftFile["function"] as? [String: Any])
        XCTAssertEqual(function["name"] as? String, "fn-1")
        XCTAssertEqual(function["arch"] as? String, "arm64")
        XCTAssertEqual(function["runtime"] as? String, "provided.al2023")
        XCTAssertEqual(function["memory"] as? Int, 128)
        XCTAssertEqual(function["timeout"] as? Int, 30)
        XCTAssertEqual(swiftFile["build"] as? [String: String], ["product": "bootstrap"])
        XCTAssertEqual(swiftFile["url"] as? [String: String], ["auth": "NONE", "invoke_mode": "RESPONSE_STREAM"])
        let verify = try XCTUnwrap(swiftFile["verify"] as? [String: Any])
        let data = try XCTUnwrap(verify["data"] as? String)
        let event = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        let sentence = try XCTUnwrap(event["sentence"] as? String)
        XCTAssertEqual(verify["expect_lines"] as? Int, sentence.split(separator: " ").count)
        XCTAssertEqual(Set(swiftFile.keys), ["function", "build", "url", "verify"])

        let pythonFunction = try XCTUnwrap(pythonFile["function"] as? [String: Any])
        XCTAssertEqual(pythonFunction["name"] as? String, "fn_2")
        XCTAssertEqual(pythonFunction["arch"] as? String, "x86_64", "x86_64 is the default")
        let pythonBuild = try XCTUnwrap(pythonFile["build"] as? [String: Any])
        XCTAssertEqual(pythonBuild["dir"] as? String, ".")
        XCTAssertEqual(pythonBuild["exclude"] as? [String], ["lambdactl.toml", ".gitignore", "README.md"])
        XCTAssertEqual(pythonFunction["layers"] as? [String], [".lambdactl/python3.11-x86_64-layer.zip"])

        // The lead's reader accepts it too (no unknown key, right types).
        let config = try runProcess(Paths.lambdactl, ["config", "--json"], currentDirectory: swift)
        XCTAssertEqual(config.status, 0, config.transcript)
        XCTAssertTrue(config.stdout.contains("fn-1"), config.transcript)

        let ignore = try String(contentsOfFile: swift + "/.gitignore", encoding: .utf8)
        // Package.resolved is not ignored: a deployed function builds from the versions it was tested with.
        XCTAssertEqual(Set(ignore.split(separator: "\n").map(String.init)), [".build/", ".lambdactl/"])
    }

    func testPythonBootstrapIsExecutableWithLFEndings() throws {
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.remove() }
        // Under a umask that would take every execute bit off, the mode must still be 0755.
        let result = try runProcess("/bin/sh", ["-c", "umask 077 && exec \"$0\" init py --template python-stream --output-dir \"$1\"", Paths.lambdactl, directory.path + "/py"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let project = directory.path + "/py"
        for (file, mode) in ["bootstrap": 0o755, "runtime.py": 0o644, "lambda_function.py": 0o644, "lambdactl.toml": 0o644] {
            let attributes = try FileManager.default.attributesOfItem(atPath: project + "/" + file)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, mode, "mode of \(file)")
        }
        let bootstrap = try Data(contentsOf: URL(fileURLWithPath: project + "/bootstrap"))
        XCTAssertFalse(bootstrap.contains(0x0D), "bootstrap has CR bytes")
        XCTAssertTrue(bootstrap.starts(with: Data("#!/bin/sh\n".utf8)))
        // It is what /bin/sh accepts: a syntax check.
        let syntax = try runProcess("/bin/sh", ["-n", project + "/bootstrap"])
        XCTAssertEqual(syntax.status, 0, syntax.transcript)
    }

    func testInstalledBinaryDependsOnTheReleasedPackage() throws {
        // A copy of the binary outside any checkout stands for an installed lambdactl.
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.removeIncludingSwiftPMLocks() }
        let installed = directory.path + "/bin/lambdactl"
        try FileManager.default.createDirectory(atPath: directory.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.lambdactl, toPath: installed)
        let project = directory.path + "/remote"
        let result = try runProcess(installed, ["init", "remote", "--output-dir", project])
        XCTAssertEqual(result.status, 0, result.transcript)
        let manifest = try String(contentsOfFile: project + "/Package.swift", encoding: .utf8)
        let version = try runProcess(installed, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(manifest.contains(#".package(url: "https://github.com/lambdactl/lambdactl", from: "\#(version)")"#), manifest)
        XCTAssertTrue(result.stdout.contains(#"LambdaRuntime: .package(url: "https://github.com/lambdactl/lambdactl", from: "\#(version)")"#), result.stdout)
        XCTAssertFalse(manifest.contains(Paths.repositoryRoot.path), manifest)
        // SwiftPM itself evaluates the manifest: its name and the git dependency.
        let dump = try runProcess("swift", ["package", "dump-package", "--package-path", project])
        XCTAssertEqual(dump.status, 0, dump.transcript)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["name"] as? String, "remote")
        XCTAssertTrue(dump.stdout.contains("https://github.com/lambdactl/lambdactl"), dump.stdout)
    }

    // MARK: refusals

    func testRefusesANonEmptyFolderAndWritesNothing() throws {
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.remove() }
        try directory.write("taken/keep.txt", "mine\n")
        let result = try runProcess(Paths.lambdactl, ["init", "taken", "--template", "python-stream"], currentDirectory: directory.path)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("not empty"), result.transcript)
        XCTAssertTrue(result.stderr.contains("keep.txt"), result.transcript)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/taken"), ["keep.txt"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["taken"], "no staging folder left behind")
        XCTAssertEqual(try String(contentsOfFile: directory.path + "/taken/keep.txt", encoding: .utf8), "mine\n")
    }

    func testFillsAnExistingEmptyFolder() throws {
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path + "/empty", withIntermediateDirectories: true)
        let result = try runProcess(Paths.lambdactl, ["init", "filled", "--template", "python-stream", "--output-dir", "empty"], currentDirectory: directory.path)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(directory.exists("empty/bootstrap"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["empty"], "no staging folder left behind")
        XCTAssertTrue(result.stdout.contains("lambdactl package"), result.stdout)
        XCTAssertTrue(result.stdout.contains("lambdactl invoke --local"), result.stdout)
    }

    func testUnknownTemplateIsAUsageError() throws {
        let directory = try TemporaryDirectory("lambdactl-init")
        defer { directory.remove() }
        let result = try runProcess(Paths.lambdactl, ["init", "fn", "--template", "rust-stream"], currentDirectory: directory.path)
        XCTAssertNotEqual(result.status, 0, result.transcript)
        for name in ["swift-stream", "swift-url", "python-stream"] {
            XCTAssertTrue(result.stderr.contains(name), "the error lists the templates: \(result.transcript)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
        let badName = try runProcess(Paths.lambdactl, ["init", "no/slash"], currentDirectory: directory.path)
        XCTAssertNotEqual(badName.status, 0, badName.transcript)
        XCTAssertTrue(badName.stderr.contains("not a valid function name"), badName.transcript)
    }

    // MARK: helpers

    /// The folder the manifest's `.package(path: "...")` names, resolved from the project folder.
    private func writtenRuntimePath(_ manifest: String, project: String) throws -> String {
        let pattern = try NSRegularExpression(pattern: #"\.package\(path: "([^"]+)"\)"#)
        let match = try XCTUnwrap(pattern.firstMatch(in: manifest, range: NSRange(manifest.startIndex..., in: manifest)), manifest)
        let written = String(manifest[try XCTUnwrap(Range(match.range(at: 1), in: manifest))])
        let url = written.hasPrefix("/") ? URL(fileURLWithPath: written) : URL(fileURLWithPath: project).appendingPathComponent(written)
        return url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    private func initProject(name: String, template: String, in directory: TemporaryDirectory, extra: [String] = []) throws -> String {
        let project = directory.path + "/" + name
        let result = try runProcess(Paths.lambdactl, ["init", name, "--template", template] + extra, currentDirectory: directory.path)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("\(name)/lambdactl.toml"), result.stdout)
        guard result.status == 0 else { throw FixtureError(message: "lambdactl init failed") }
        return project
    }

    /// Serves `zip` on a free port (read from serve's "listening on" line), invokes it once with
    /// `event` and returns the output lines; the server is stopped before returning.
    private func serveAndInvoke(zip: String, extraServeArguments: [String], project: String, invokeArguments: [String] = []) throws -> [String] {
        let server = try BackgroundProcess(Paths.lambdactl, ["serve", zip, "--port", "0"] + extraServeArguments, currentDirectory: project)
        defer { server.stop() }
        let line = try server.waitForLine(containing: "listening on http://127.0.0.1:")
        let port = try XCTUnwrap(line.split(separator: ":").last.map { String($0).trimmingCharacters(in: .whitespaces) })
        let invoked = try runProcess(
            Paths.lambdactl, ["invoke", "--local", "--port", port, "--data", Self.event] + invokeArguments, currentDirectory: project)
        XCTAssertEqual(invoked.status, 0, invoked.transcript)
        return invoked.stdout.split(separator: "\n").map(String.init)
    }

    /// Each JSON line as "word index/total", since Python and Swift space their JSON differently.
    private func normalizedJSONLines(_ lines: [String]) throws -> [String] {
        try lines.map { line in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            let word = try XCTUnwrap(object["word"] as? String, line)
            let index = try XCTUnwrap(object["index"] as? Int, line)
            let total = try XCTUnwrap(object["total"] as? Int, line)
            return "\(word) \(index)/\(total)"
        }
    }

    /// Parses a TOML file with Python 3.11's tomllib, an independent reader.
    private func tomllib(_ path: String) throws -> [String: Any] {
        let result = try runProcess("python3.11", ["-c", "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))", path])
        XCTAssertEqual(result.status, 0, result.transcript)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }
}
