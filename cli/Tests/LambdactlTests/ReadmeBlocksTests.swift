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
    func run(_ block: Block, in folder: String) throws -> ProcessResult {
        let bin = URL(fileURLWithPath: Paths.lambdactl).deletingLastPathComponent().path
        let script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + block.text + "\n"
        return try runProcess("timeout", ["600", "bash", "-c", script],
                              environment: ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")],
                              currentDirectory: folder)
    }

    /// The names the test methods below run.
    static let cases: Set = ["init", "package", "doctor"]

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
