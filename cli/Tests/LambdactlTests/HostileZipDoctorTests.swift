import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl doctor` on corrupted and escaping zips written by Python's zipfile and raw byte
/// patches: each must be an error with its id and a fix, in text and in `--json`.
final class HostileZipDoctorTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("hostile-doctor") }
    override func tearDown() { dir.remove() }

    func doctor(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, ["doctor"] + arguments, currentDirectory: dir.path)
    }

    func testEveryHostileZipIsAnErrorInTextAndJSON() throws {
        for hostile in HostileZips.errors {
            let zip = dir.file(hostile.name + ".zip")
            try HostileZips.write(hostile.name, at: zip)
            let text = try doctor([zip])
            XCTAssertEqual(text.status, 1, "\(hostile.name): \(text.transcript)")
            XCTAssertTrue(text.stdout.contains("error[\(hostile.id)]"), "\(hostile.name) should report \(hostile.id): \(text.transcript)")
            XCTAssertFalse(text.stdout.contains("no problems found"), hostile.name)
            // Each finding once: the symlink checks once ran twice and printed every link finding twice.
            let findings = text.stdout.split(separator: "\n").filter { $0.hasPrefix("error[") || $0.hasPrefix("warning[") }
            XCTAssertEqual(findings.count, Set(findings).count, "\(hostile.name) repeats a finding: \(text.transcript)")
            let json = try doctor([zip, "--json"])
            XCTAssertEqual(json.status, 1, "\(hostile.name): \(json.transcript)")
            let parsed = try HostileZips.jsonIDs(json.stdout)
            XCTAssertFalse(parsed.ok, hostile.name)
            XCTAssertTrue(parsed.ids.contains(hostile.id), "\(hostile.name): \(parsed.ids)")
        }
    }

    /// Entry data is verified on two threads once a zip has enough entries: every damaged entry is
    /// still reported, once, in the zip's order. 600 stored entries, written by Python, with one
    /// data byte flipped in the 11th and the 501st.
    func testDamagedEntriesOfALargeZipAreEachReportedInOrder() throws {
        let zip = dir.file("many.zip")
        let script = """
        import sys, zipfile
        path = sys.argv[1]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            info = zipfile.ZipInfo("bootstrap"); info.create_system = 3; info.external_attr = 0o100755 << 16
            z.writestr(info, "#!/bin/sh\\necho hi\\n")
            for i in range(600):
                info = zipfile.ZipInfo("data/f%03d.txt" % i); info.create_system = 3; info.external_attr = 0o100644 << 16
                z.writestr(info, "entry %d of a folder of many\\n" % i)
        raw = bytearray(open(path, "rb").read())
        for info in zipfile.ZipFile(path).infolist():
            if info.filename in ("data/f010.txt", "data/f500.txt"):
                raw[info.header_offset + 30 + len(info.filename)] ^= 0x20
        open(path, "wb").write(raw)
        """
        let written = try runProcess("python3", ["-c", script, zip])
        XCTAssertEqual(written.status, 0, written.transcript)
        let result = try doctor([zip, "--json"])
        XCTAssertEqual(result.status, 1, result.transcript)
        let parsed = try HostileZips.jsonIDs(result.stdout)
        XCTAssertEqual(parsed.ids, ["crc-mismatch", "crc-mismatch"], result.stdout)
        let first = try XCTUnwrap(result.stdout.range(of: "data/f010.txt"))
        let second = try XCTUnwrap(result.stdout.range(of: "data/f500.txt"))
        XCTAssertLessThan(first.lowerBound, second.lowerBound)
    }

    /// The fixture itself is what the check claims: Info-ZIP's own test fails on the flipped byte.
    func testUnzipAgreesTheCRCIsBad() throws {
        let zip = dir.file("crc.zip")
        try HostileZips.write("crc-mismatch", at: zip)
        let unzip = try runProcess("unzip", ["-t", zip])
        XCTAssertNotEqual(unzip.status, 0, unzip.transcript)
        XCTAssertTrue(unzip.stdout.contains("bad CRC"), unzip.stdout)
    }

    /// A 4-byte entry declaring 4 GiB: doctor must answer without allocating the declared size. Run
    /// under a 1 GiB address-space limit (set by Python's resource module before exec), which a
    /// 4 GiB allocation cannot fit into, with a generous upper bound on time.
    func testLyingSizeIsNotAllocated() throws {
        let zip = dir.file("huge.zip")
        try HostileZips.write("huge-declared-size", at: zip)
        let started = Date()
        let result = try runProcess("python3", ["-c", """
            import resource, subprocess, sys
            def limit(): resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
            r = subprocess.run([sys.argv[1], "doctor", sys.argv[2]], preexec_fn=limit, capture_output=True, text=True)
            sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); sys.exit(r.returncode)
            """, Paths.lambdactl, zip])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("error[crc-mismatch]"), result.transcript)
        XCTAssertTrue(result.stdout.contains("declares 4294967280 bytes but its data holds 4"), result.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "a 4-byte entry must not take long, whatever its header says")
    }

    func testLinksThatStayInTheRuntimeFoldersAreFine() throws {
        let inside = dir.file("var-task.zip")
        try HostileZips.write("var-task-link", at: inside)
        let result = try doctor([inside])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("ok: no problems found"), result.transcript)

        let opt = dir.file("opt.zip")
        try HostileZips.write("opt-link", at: opt)
        let unchecked = try doctor([opt])
        XCTAssertEqual(unchecked.status, 0, unchecked.transcript)
        XCTAssertTrue(unchecked.stdout.contains("warning[layer-file-unchecked]"), unchecked.transcript)
        // With a layer that has lib/libx.so, the link resolves and nothing is said about it.
        let layer = dir.file("layer.zip")
        try Fixtures.pythonZip(at: layer, [ZipFixtureEntry("lib/libx.so", "x", mode: 0o100644)])
        let checked = try doctor([opt, "--layer", layer])
        XCTAssertEqual(checked.status, 0, checked.transcript)
        XCTAssertFalse(checked.stdout.contains("layer-file-unchecked"), checked.transcript)
    }

    /// The names only unzip's normalisation folds together, and which one wins.
    func testDuplicateNamesSayWhichEntryShips() throws {
        let zip = dir.file("dup.zip")
        try HostileZips.write("duplicate-mode", at: zip)
        let result = try doctor([zip])
        XCTAssertTrue(result.stdout.contains("unzip keeps the last one (-rw-r--r--)"), result.transcript)
    }
}
