import Foundation
import LambdaTestSupport
import XCTest

/// The README's shell blocks, run as a user would paste them. A block is marked by the line
/// `<!-- readme-test: NAME -->` right above its fence; each NAME has a case here that lays out
/// the files the block names (and nothing else), runs the block with bash under `set -e`, with
/// this build's `lambdactl` first on PATH, and checks what it printed or wrote.
final class ReadmeBlocksTests: XCTestCase {
    struct Block {
        var name: String
        var line: Int
        var text: String
    }

    static func markedBlocks() throws -> [Block] {
        let readme = try String(contentsOfFile: Paths.repositoryRoot.appendingPathComponent("README.md").path, encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("<!-- readme-test:"), line.hasSuffix("-->") {
                let name = line.dropFirst("<!-- readme-test:".count).dropLast(3).trimmingCharacters(in: .whitespaces)
                guard index + 1 < lines.count, lines[index + 1] == "```sh" else {
                    throw FixtureError(message: "README.md:\(index + 1): the readme-test marker '\(name)' must stand right above a ```sh fence")
                }
                var body: [String] = []
                var cursor = index + 2
                while cursor < lines.count, lines[cursor] != "```" {
                    body.append(lines[cursor])
                    cursor += 1
                }
                blocks.append(Block(name: name, line: index + 1, text: body.joined(separator: "\n")))
                index = cursor
            }
            index += 1
        }
        return blocks
    }

    /// Runs `block` in `folder`. Anything it leaves running in the background (serve) is ended
    /// when the block ends, also when a line fails.
    func run(_ block: Block, in folder: String, environment: [String: String] = [:]) throws -> ProcessResult {
        let bin = URL(fileURLWithPath: Paths.lambdactl).deletingLastPathComponent().path
        let script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + block.text + "\n"
        return try runProcess("timeout", ["600", "bash", "-c", script],
                              environment: environment.merging(["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]) { $1 },
                              currentDirectory: folder)
    }

    /// The names the test methods below run.
    static let cases: Set = ["init", "package", "doctor", "deploy"]

    func testEveryMarkedBlockHasACaseAndEveryCaseABlock() throws {
        let names = try Self.markedBlocks().map(\.name)
        XCTAssertEqual(Set(names), Self.cases, "README markers and ReadmeBlocksTests cases differ")
        XCTAssertEqual(names.count, Set(names).count, "a readme-test name is used twice: \(names)")
    }

    func block(_ name: String) throws -> Block {
        try XCTUnwrap(try Self.markedBlocks().first { $0.name == name }, "README.md has no block marked readme-test: \(name)")
    }

    func testInitBlock() throws { try checkInit(try block("init")) }
    func testPackageBlock() throws { try checkPackage(try block("package")) }
    func testDoctorBlock() throws { try checkDoctor(try block("doctor")) }
    func testDeployBlock() throws { try checkDeploy(try block("deploy")) }

    /// init → package → serve in the background → invoke --local: the words stream back.
    func checkInit(_ block: Block) throws {
        let dir = try TemporaryDirectory("readme-init")
        defer { dir.removeIncludingSwiftPMLocks() }
        let result = try run(block, in: dir.path)
        XCTAssertEqual(result.status, 0, "README.md:\(block.line): \(result.transcript)")
        let words = result.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.compactMap { $0["word"] as? String }
        XCTAssertEqual(words, ["a", "b", "c"], result.transcript)
        XCTAssertTrue(try String(contentsOfFile: dir.file("words/serve.log"), encoding: .utf8).contains("REPORT RequestId"))
    }

    /// The three `package` lines, with the files they name: the checkout's templates, a built
    /// executable and a config folder, a function folder and a layer zip (written by Python's
    /// zipfile) that provides its /opt/bin/python3.11.
    func checkPackage(_ block: Block) throws {
        let dir = try TemporaryDirectory("readme-package")
        defer { dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: dir.file("templates"), withDestinationPath: Paths.repositoryRoot.appendingPathComponent("templates").path)
        try FileManager.default.createDirectory(atPath: dir.file(".build/release"), withIntermediateDirectories: true)
        let program = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "program")
        try FileManager.default.moveItem(atPath: program, toPath: dir.file(".build/release/MyFunction"))
        try dir.write("config/settings.json", "{}\n")
        try FileManager.default.copyItem(atPath: Paths.repositoryRoot.appendingPathComponent("templates/python-stream").path, toPath: dir.file("my-function"))
        try writePythonLayer(at: dir.file("python-layer.zip"), interpreter: try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "python"))
        let result = try run(block, in: dir.path)
        XCTAssertEqual(result.status, 0, "README.md:\(block.line): \(result.transcript)")
        for zip in ["python-stream", "MyFunction", "my-function"] {
            XCTAssertTrue(dir.exists(".lambdactl/\(zip).zip"), "\(zip).zip: \(result.stdout)")
        }
        let listing = try runProcess("unzip", ["-Z1", dir.file(".lambdactl/MyFunction.zip")])
        XCTAssertEqual(Set(listing.stdout.split(separator: "\n").map(String.init)), ["bootstrap", "config/", "config/settings.json"], listing.transcript)
    }

    /// doctor on a function zip and its layer, both written by Python's zipfile.
    func checkDoctor(_ block: Block) throws {
        let dir = try TemporaryDirectory("readme-doctor")
        defer { dir.remove() }
        try writePythonLayer(at: dir.file("python311-layer.zip"), interpreter: try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "python"))
        let zip = try runProcess("python3", ["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                info = zipfile.ZipInfo("bootstrap"); info.create_system = 3; info.external_attr = 0o100755 << 16
                z.writestr(info, "#!/bin/sh\\nexec /opt/bin/python3.11 runtime.py\\n")
                info = zipfile.ZipInfo("runtime.py"); info.create_system = 3; info.external_attr = 0o100644 << 16
                z.writestr(info, "print('hi')\\n")
            """, dir.file("function.zip")])
        XCTAssertEqual(zip.status, 0, zip.transcript)
        let result = try run(block, in: dir.path)
        XCTAssertEqual(result.status, 0, "README.md:\(block.line): \(result.transcript)")
        XCTAssertTrue(result.stdout.contains("ok: no problems found"), result.stdout)
    }

    /// deploy → url-config → tail against moto_server, driven by the real aws CLI v2, which
    /// `AWS_ENDPOINT_URL` points at moto: the block as written, in a python-stream project that
    /// `init` and `package` made, with a Python layer where build-layer writes it. moto's own
    /// answers, read back with the aws CLI, show what the block created.
    func checkDeploy(_ block: Block) throws {
        let deps = "/opt/lambdactl-deps"
        let aws = deps + "/awscli/v2/2.38.5/dist/aws", moto = deps + "/aws-venv/bin/moto_server"
        for tool in [aws, moto] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw FixtureError(message: "\(tool) is missing: run scripts/deps/aws.sh")
        }
        let dir = try TemporaryDirectory("readme-deploy")
        defer { dir.remove() }
        let made = try runProcess(Paths.lambdactl, ["init", "python-stream", "--template", "python-stream"], currentDirectory: dir.path)
        XCTAssertEqual(made.status, 0, made.transcript)
        let project = dir.file("python-stream")
        let packaged = try runProcess(Paths.lambdactl, ["package"], currentDirectory: project)
        XCTAssertEqual(packaged.status, 0, packaged.transcript)
        try writePythonLayer(at: project + "/.lambdactl/python3.11-x86_64-layer.zip",
                             interpreter: try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "python"))

        let port = Paths.freePort()
        let server = try BackgroundProcess(moto, ["-H", "127.0.0.1", "-p", String(port)], environment: ["MOTO_IAM_LOAD_MANAGED_POLICIES": "true"],
                                           currentDirectory: dir.path, standardOutput: .discarded, standardError: .collected)
        defer { server.stop() }
        XCTAssertTrue(server.waitFor(.standardError, timeout: 30) { $0.contains("Running on http://127.0.0.1:\(port)") },
                      "moto did not start: \(server.text(of: .standardError))")
        let environment = [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true", "LAMBDACTL_AWS": aws,
        ]
        let result = try run(block, in: project, environment: environment)
        XCTAssertEqual(result.status, 0, "README.md:\(block.line): \(result.transcript)")
        XCTAssertTrue(result.stdout.contains("Created python-stream"), result.stdout)
        XCTAssertTrue(result.stdout.contains("(RESPONSE_STREAM, auth NONE)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("unchanged: invoke mode RESPONSE_STREAM, auth NONE"), "url-config found the URL deploy made: \(result.stdout)")

        let url = try runProcess(aws, ["lambda", "get-function-url-config", "--function-name", "python-stream", "--output", "json"], environment: environment)
        let config = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(url.stdout.utf8)) as? [String: Any], url.transcript)
        XCTAssertEqual(config["AuthType"] as? String, "NONE")
        XCTAssertEqual(config["InvokeMode"] as? String, "RESPONSE_STREAM")
        let function = try runProcess(aws, ["lambda", "get-function-configuration", "--function-name", "python-stream", "--output", "json"], environment: environment)
        let settings = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(function.stdout.utf8)) as? [String: Any], function.transcript)
        XCTAssertEqual(settings["Runtime"] as? String, "provided.al2023")
        XCTAssertEqual((settings["Layers"] as? [[String: Any]])?.count, 1, function.stdout)
        let logs = try runProcess(aws, ["logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/python-stream", "--output", "json"], environment: environment)
        XCTAssertTrue(logs.stdout.contains(#""retentionInDays": 14"#), logs.transcript)
    }

    /// A Python layer as build-layer lays it out, written by Python's zipfile: the interpreter
    /// (an executable of this machine's) at bin/python3.11 and an empty lib/python3.11/.
    func writePythonLayer(at path: String, interpreter: String) throws {
        let result = try runProcess("python3", ["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for name, mode in (("bin/", 0o40755), ("lib/", 0o40755), ("lib/python3.11/", 0o40755)):
                    info = zipfile.ZipInfo(name); info.create_system = 3; info.external_attr = mode << 16
                    z.writestr(info, b"")
                info = zipfile.ZipInfo("bin/python3.11"); info.create_system = 3; info.external_attr = 0o100755 << 16
                z.writestr(info, open(sys.argv[2], "rb").read())
            """, path, interpreter])
        XCTAssertEqual(result.status, 0, result.transcript)
    }
}
