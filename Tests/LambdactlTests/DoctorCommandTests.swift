import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl doctor` on zips made by other tools, written here with Python's zipfile the way those
/// tools write them.
final class DoctorCommandTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("doctor") }
    override func tearDown() { dir.remove() }

    /// entries: (name, data as Python expression, create_system, unix mode or nil)
    func makeZip(_ name: String, _ entries: [(String, String, Int, Int?)]) throws -> String {
        let path = dir.file(name)
        let spec = entries.map { "(\"\($0.0)\", \($0.1), \($0.2), \($0.3.map(String.init) ?? "None"))" }.joined(separator: ", ")
        let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            for name, data, system, mode in [\(spec)]:
                info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
                info.create_system = system
                if mode is not None: info.external_attr = mode << 16
                z.writestr(info, data)
        """
        let result = try runProcess("python3", ["-c", script, path])
        XCTAssertEqual(result.status, 0, result.transcript)
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

    let script = "b'#!/bin/sh\\necho hi\\n'"

    func testCleanZipExitsZero() throws {
        let zip = try makeZip("ok.zip", [("bootstrap", script, 3, 0o100755), ("a.txt", "b'x'", 3, 0o100644)])
        let result = try doctor([zip])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("ok: no problems found"), result.stdout)
    }

    func testWindowsMadeZip() throws {
        try assertFinding(try makeZip("win.zip", [("bootstrap", script, 0, nil)]), "not-unix-made")
    }

    func testNoExecBit() throws {
        try assertFinding(try makeZip("noexec.zip", [("bootstrap", script, 3, 0o100644)]), "bootstrap-not-executable")
    }

    func testBootstrapInSubfolder() throws {
        let zip = try makeZip("nested.zip", [("function/", "b''", 3, 0o040755), ("function/bootstrap", script, 3, 0o100755)])
        try assertFinding(zip, "bootstrap-in-subfolder")
        XCTAssertTrue(try doctor([zip]).stdout.contains("lambdactl package --dir function"))
    }

    func testCRLFShebang() throws {
        try assertFinding(try makeZip("crlf.zip", [("bootstrap", "b'#!/bin/sh\\r\\necho hi\\r\\n'", 3, 0o100755)]), "bootstrap-crlf")
    }

    func testMissingShebangAndMissingInterpreter() throws {
        try assertFinding(try makeZip("nosb.zip", [("bootstrap", "b'echo hi\\n'", 3, 0o100755)]), "shebang-missing")
        try assertFinding(try makeZip("py.zip", [("bootstrap", "b'#!/usr/bin/python3\\nprint(1)\\n'", 3, 0o100755)]), "interpreter-missing")
    }

    func testDotDotPath() throws {
        try assertFinding(try makeZip("dots.zip", [("bootstrap", script, 3, 0o100755), ("../evil.sh", "b'x'", 3, 0o100644)]), "unsafe-path")
    }

    func testUnreadableFileAndArchitectureFlag() throws {
        try assertFinding(try makeZip("unreadable.zip", [("bootstrap", script, 3, 0o100755), ("secret.txt", "b'x'", 3, 0o100600)]), "not-world-readable")
        let header = Fixtures.elfHeader(machine: 183).map { String(format: "\\x%02x", $0) }.joined()
        let arm = try makeZip("arm.zip", [("bootstrap", "b'\(header)'", 3, 0o100755)])
        // Without --arch the bootstrap's own architecture is taken; with a different one it is an error.
        let result = try doctor([arm])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("arm64"), result.stdout)
        try assertFinding(arm, "elf-architecture-mismatch", extra: ["--arch", "x86_64"])
    }

    func testLayerProvidesOptInterpreter() throws {
        let boot = "b'#!/bin/sh\\nexec /opt/bin/python3.11 runtime.py\\n'"
        let zip = try makeZip("fn.zip", [("bootstrap", boot, 3, 0o100755)])
        let good = try makeZip("good-layer.zip", [("bin/python3.11", "b'#!/bin/sh\\n'", 3, 0o100755)])
        let empty = try makeZip("empty-layer.zip", [("lib/readme", "b'x'", 3, 0o100644)])
        XCTAssertEqual(try doctor([zip, "--layer", good]).status, 0)
        try assertFinding(zip, "layer-file-missing", extra: ["--layer", empty])
        try assertFinding(zip, "layer-file-unchecked", status: 0)
    }

    func testJSONOutputParsesAndUnreadableZipExitsTwo() throws {
        let zip = try makeZip("j.zip", [("bootstrap", script, 3, 0o100644)])
        let result = try doctor([zip, "--json"])
        XCTAssertEqual(result.status, 1)
        let parsed = try runProcess("python3", ["-c", "import json,sys; d=json.load(sys.stdin); print(d['ok'], d['report']['findings'][0]['id'])"], input: Data(result.stdout.utf8))
        XCTAssertEqual(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "False bootstrap-not-executable")
        let missing = try doctor([dir.file("nope.zip")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("cannot open zip"), missing.stderr)
    }
}
