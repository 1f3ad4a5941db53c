import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl package --dir` on folders holding what no zip should: FIFOs, sockets, links that leave
/// the package or loop. Each is refused with its id (text and `--json`), exit 1 and nothing left
/// behind; interrupting a package removes its partial file.
final class PackageHostileInputTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws {
        dir = try TemporaryDirectory("hostile-package")
        try dir.write("fn/bootstrap", "#!/bin/sh\necho hi\n", mode: 0o755)
    }
    override func tearDown() { dir.remove() }

    /// Through coreutils' `timeout`, so a regression to the old hang fails the test (exit 124)
    /// instead of hanging the suite.
    func package(_ arguments: [String]) throws -> ProcessResult {
        try runProcess("timeout", ["120", Paths.lambdactl, "package"] + arguments, currentDirectory: dir.path)
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".zip") || $0.contains(".partial-") }
    }

    func assertRefused(_ id: String, mentioning text: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try package(["--dir", "fn", "-o", "out.zip"])
        // A missing or unreadable path is bad input (2); everything else is a failed check (1).
        let status: Int32 = id.hasPrefix("input-") ? 2 : 1
        XCTAssertEqual(result.status, status, result.transcript, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("error[\(id)]"), "expected \(id): \(result.transcript)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("no zip was written"), result.transcript, file: file, line: line)
        if let text { XCTAssertTrue(result.stderr.contains(text), result.transcript, file: file, line: line) }
        let json = try package(["--dir", "fn", "-o", "out.zip", "--json"])
        XCTAssertEqual(json.status, status, json.transcript, file: file, line: line)
        let parsed = try HostileZips.jsonIDs(json.stdout)
        XCTAssertFalse(parsed.ok, file: file, line: line)
        XCTAssertTrue(parsed.ids.contains(id), "\(parsed.ids)", file: file, line: line)
        XCTAssertEqual(try leftovers(), [], "nothing may be left behind", file: file, line: line)
    }

    func testFIFOIsRefusedAtOnce() throws {
        XCTAssertEqual(try runProcess("mkfifo", [dir.file("fn/pipe")]).status, 0)
        try assertRefused("unsupported-file-type", mentioning: "fn/pipe")
    }

    func testSocketIsRefused() throws {
        let made = try runProcess("python3", ["-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", dir.file("fn/sock")])
        XCTAssertEqual(made.status, 0, made.transcript)
        try assertRefused("unsupported-file-type", mentioning: "socket")
    }

    func testIncludedFIFOIsRefused() throws {
        XCTAssertEqual(try runProcess("mkfifo", [dir.file("pipe")]).status, 0)
        let result = try package(["--dir", "fn", "--include", "pipe", "-o", "out.zip"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("error[unsupported-file-type]"), result.transcript)
    }

    func testAbsoluteLoopingAndEscapingLinksAreRefused() throws {
        try FileManager.default.createSymbolicLink(atPath: dir.file("fn/passwd"), withDestinationPath: "/etc/passwd")
        try assertRefused("symlink-absolute")
        try FileManager.default.removeItem(atPath: dir.file("fn/passwd"))

        try FileManager.default.createSymbolicLink(atPath: dir.file("fn/a"), withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: dir.file("fn/b"), withDestinationPath: "a")
        try assertRefused("symlink-loop")
        try FileManager.default.removeItem(atPath: dir.file("fn/a"))
        try FileManager.default.removeItem(atPath: dir.file("fn/b"))

        try FileManager.default.createSymbolicLink(atPath: dir.file("fn/lib/etc"), withDestinationPath: "../../etc")
        try assertRefused("symlink-escapes")
    }

    /// A 0700 folder on disk is written as 0755 (package normalises modes), so the runtime user can
    /// enter it: Python's zipfile reads the mode back.
    func testPrivateFolderIsPackagedTraversable() throws {
        try dir.write("fn/private/data.txt", "x")
        chmod(dir.file("fn/private"), 0o700)
        let result = try package(["--dir", "fn", "-o", "out.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let mode = try runProcess("python3", ["-c", "import sys, zipfile; print(oct(zipfile.ZipFile(sys.argv[1]).getinfo('private/').external_attr >> 16))", dir.file("out.zip")])
        XCTAssertEqual(mode.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0o40755", mode.transcript)
    }

    func testEarlyRefusalsCarryIdsInJSON() throws {
        try dir.write("empty/readme.txt", "x")
        // A missing path is bad input (2); a folder that is no function fails a check (1).
        let cases: [([String], String, Int32)] = [
            (["--dir", "empty"], "bootstrap-missing", 1),
            (["--dir", "nowhere"], "input-not-found", 2),
            (["--binary", "nowhere"], "input-not-found", 2),
            (["--dir", "empty", "--binary", "/bin/true", "--include", "nowhere"], "input-not-found", 2),
        ]
        for (arguments, id, status) in cases {
            let result = try package(arguments + ["-o", "out.zip", "--json"])
            XCTAssertEqual(result.status, status, result.transcript)
            let parsed = try HostileZips.jsonIDs(result.stdout)
            XCTAssertEqual(parsed.ids, [id], result.transcript)
            XCTAssertFalse(parsed.ok)
        }
        XCTAssertEqual(try leftovers(), [])
    }

    func testOversizedInputCarriesItsId() throws {
        XCTAssertEqual(try runProcess("truncate", ["-s", "251M", dir.file("fn/big")]).status, 0)
        let result = try package(["--dir", "fn", "-o", "out.zip", "--json"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(try HostileZips.jsonIDs(result.stdout).ids, ["unzipped-too-large"])
        XCTAssertEqual(try leftovers(), [])
    }

    func testUnreadableInputCarriesItsId() throws {
        try dir.write("fn/secret", "x", mode: 0o000)
        guard getuid() == 0 else { return try assertRefused("input-unreadable", mentioning: "fn/secret") }
        // Root reads any file whatever its mode: package runs as nobody, as a user would.
        chmod(dir.path, 0o777)
        let result = try runProcess("setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups",
                                                "timeout", "120", Paths.lambdactl, "package", "--dir", "fn", "-o", "out.zip", "--json"],
                                    currentDirectory: dir.path)
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertEqual(try HostileZips.jsonIDs(result.stdout).ids, ["input-unreadable"], result.transcript)
        XCTAssertEqual(try leftovers(), [])
    }

    /// A failed package leaves an older zip at the output path as it was, and says so.
    func testFailedPackageSaysThePreviousZipIsKept() throws {
        let first = try package(["--dir", "fn", "-o", "out.zip"])
        XCTAssertEqual(first.status, 0, first.transcript)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.file("out.zip")))
        try FileManager.default.createSymbolicLink(atPath: dir.file("fn/passwd"), withDestinationPath: "/etc/passwd")
        let failed = try package(["--dir", "fn", "-o", "out.zip"])
        XCTAssertEqual(failed.status, 1, failed.transcript)
        XCTAssertTrue(failed.stderr.contains("the previous zip at out.zip was left unchanged"), failed.transcript)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.file("out.zip"))), before)
        XCTAssertEqual(try runProcess("mkfifo", [dir.file("fn/pipe")]).status, 0)
        let early = try package(["--dir", "fn", "-o", "out.zip", "--json"])
        XCTAssertEqual(early.status, 1, early.transcript)
        XCTAssertTrue(early.stderr.contains("the previous zip at out.zip was left unchanged"), early.transcript)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.file("out.zip"))), before)
    }

    /// SIGINT (Ctrl-C) and SIGTERM while the zip is being written: the process dies of the signal
    /// and no `.partial-` folder or file stays. The input is 96 MiB of random bytes at level 9, so
    /// writing lasts long enough to be caught in the act; the test waits for a file to appear in the
    /// staging folder (the event) rather than for a time. It once left a deflate worker's zip
    /// behind, renamed into place after the cleanup had listed the folder.
    func testInterruptRemovesThePartialZip() throws {
        XCTAssertEqual(try runProcess("sh", ["-c", "head -c 96M /dev/urandom > \"$1\"", "sh", dir.file("fn/blob")]).status, 0)
        for number in [SIGINT, SIGTERM] {
            let process = try BackgroundProcess(Paths.lambdactl, ["package", "--dir", "fn", "-o", "out.zip", "--compression-level", "9"],
                                                currentDirectory: dir.path, standardOutput: .discarded, standardError: .discarded)
            // The staging folder's first file has no event this test can await without inotify,
            // so the folder is listed every 2 ms (writing the zip takes seconds).
            let deadline = Date().addingTimeInterval(120)
            var seen = false
            while Date() < deadline && process.isRunning && !seen {
                // The staging folder with a zip being written in it (by libzip or a deflate worker).
                seen = try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { name in
                    name.contains(".partial-") && !((try? FileManager.default.contentsOfDirectory(atPath: dir.file(name))) ?? []).isEmpty
                }
                if !seen { usleep(2_000) }
            }
            XCTAssertTrue(seen, "the partial zip never appeared (signal \(number))")
            process.signal(number)
            let ended = process.waitForExit(timeout: 60)
            // Killed by the signal, or exit 128+n if it had to fall back to _exit.
            XCTAssertTrue(ended == .init(status: number, signalled: true) || ended == .init(status: 128 + number, signalled: false),
                          "signal \(number): \(ended.map(\.description) ?? "still running")")
            XCTAssertEqual(try leftovers(), [], "signal \(number) must not leave a partial zip")
        }
    }
}
