import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl doctor` on zips made by other tools, written here with Python's zipfile the way those
/// tools write them.
final class DoctorCommandTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("doctor") }
    override func tearDown() { dir.remove() }

    func makeZip(_ name: String, _ entries: [ZipFixtureEntry]) throws -> String {
        let path = dir.file(name)
        try Fixtures.pythonZip(at: path, entries)
        return path
    }

    func doctor(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, ["doctor"] + arguments, currentDirectory: dir.path)
    }

    func assertFinding(_ zip: String, _ id: String, status: Int32 = 1, extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try doctor([zip] + extra)
        XCTAssertEqual(result.status, status, result.transcript, file: file, line: line)
        XCTAssertTrue(result.stdout.contains("[\(id)]"), "expected \(id): \(result.transcript)", file: file, line: line)
    }

    let script = "#!/bin/sh\necho hi\n"

    func testCleanZipExitsZero() throws {
        let zip = try makeZip("ok.zip", [ZipFixtureEntry("bootstrap", script, mode: 0o100755), ZipFixtureEntry("a.txt", "x", mode: 0o100644)])
        let result = try doctor([zip])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("ok: no problems found"), result.stdout)
    }

    /// A folder given as a zip is named as one, not as libzip's "Operation not supported" (#15).
    func testAFolderGivenAsAZipIsNamed() throws {
        try FileManager.default.createDirectory(atPath: dir.file("code.zip"), withIntermediateDirectories: true)
        let result = try doctor(["code.zip"])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("it is a folder, not a zip file"), result.transcript)
        XCTAssertTrue(result.stderr.contains("--dir"), result.transcript)
        XCTAssertFalse(result.stderr.contains("Operation not supported"), result.transcript)
    }

    func testWindowsMadeZip() throws {
        try assertFinding(try makeZip("win.zip", [ZipFixtureEntry("bootstrap", script, system: 0, mode: nil)]), "not-unix-made")
    }

    func testNoExecBit() throws {
        try assertFinding(try makeZip("noexec.zip", [ZipFixtureEntry("bootstrap", script, mode: 0o100644)]), "bootstrap-not-executable")
    }

    func testBootstrapInSubfolder() throws {
        let zip = try makeZip("nested.zip", [ZipFixtureEntry("function/", "", mode: 0o040755), ZipFixtureEntry("function/bootstrap", script, mode: 0o100755)])
        try assertFinding(zip, "bootstrap-in-subfolder")
        XCTAssertTrue(try doctor([zip]).stdout.contains("lambdactl package --dir function"))
    }

    func testCRLFShebang() throws {
        try assertFinding(try makeZip("crlf.zip", [ZipFixtureEntry("bootstrap", "#!/bin/sh\r\necho hi\r\n", mode: 0o100755)]), "bootstrap-crlf")
    }

    func testMissingShebangAndMissingInterpreter() throws {
        try assertFinding(try makeZip("nosb.zip", [ZipFixtureEntry("bootstrap", "echo hi\n", mode: 0o100755)]), "shebang-missing")
        try assertFinding(try makeZip("py.zip", [ZipFixtureEntry("bootstrap", "#!/usr/bin/python3\nprint(1)\n", mode: 0o100755)]), "interpreter-missing")
    }

    func testDotDotPath() throws {
        try assertFinding(try makeZip("dots.zip", [ZipFixtureEntry("bootstrap", script, mode: 0o100755), ZipFixtureEntry("../evil.sh", "x", mode: 0o100644)]), "unsafe-path")
    }

    func testUnreadableFileAndArchitectureFlag() throws {
        try assertFinding(try makeZip("unreadable.zip", [ZipFixtureEntry("bootstrap", script, mode: 0o100755), ZipFixtureEntry("secret.txt", "x", mode: 0o100600)]), "not-world-readable")
        let arm = try makeZip("arm.zip", [ZipFixtureEntry("bootstrap", Array(Fixtures.elfHeader(machine: 183)), mode: 0o100755)])
        // Without --arch the bootstrap's own architecture is taken; with a different one it is an error.
        let result = try doctor([arm])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("arm64"), result.stdout)
        try assertFinding(arm, "elf-architecture-mismatch", extra: ["--arch", "x86_64"])
    }

    func testLayerProvidesOptInterpreter() throws {
        let boot = "#!/bin/sh\nexec /opt/bin/python3.11 runtime.py\n"
        let zip = try makeZip("fn.zip", [ZipFixtureEntry("bootstrap", boot, mode: 0o100755)])
        let good = try makeZip("good-layer.zip", [ZipFixtureEntry("bin/python3.11", "#!/bin/sh\n", mode: 0o100755)])
        let empty = try makeZip("empty-layer.zip", [ZipFixtureEntry("lib/readme", "x", mode: 0o100644)])
        XCTAssertEqual(try doctor([zip, "--layer", good]).status, 0)
        try assertFinding(zip, "layer-file-missing", extra: ["--layer", empty])
        try assertFinding(zip, "layer-file-unchecked", status: 0)
    }

    func testJSONOutputParsesAndUnreadableZipExitsTwo() throws {
        let zip = try makeZip("j.zip", [ZipFixtureEntry("bootstrap", script, mode: 0o100644)])
        let result = try doctor([zip, "--json"])
        XCTAssertEqual(result.status, 1)
        let parsed = try runProcess("python3", ["-c", "import json,sys; d=json.load(sys.stdin); print(d['ok'], d['report']['findings'][0]['id'])"], input: Data(result.stdout.utf8))
        XCTAssertEqual(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "False bootstrap-not-executable")
        let missing = try doctor([dir.file("nope.zip")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("cannot open zip"), missing.stderr)
    }
}
