import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl serve` on the hostile zips `doctor` refuses: it must refuse each one before unpacking,
/// naming the same id, leave no work folder, and write nothing outside.
final class HostileZipServeTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("hostile-serve") }
    override func tearDown() { dir.remove() }

    /// Runs serve to its exit (a refused zip never gets to listening; `timeout` ends one that
    /// wrongly starts) with a private TMPDIR, and returns what that folder still holds: serve's work
    /// folder must be gone.
    func serve(_ arguments: [String]) throws -> (status: Int32, stderr: String, workFolders: [String]) {
        let temp = dir.path + "/tmp-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
        let result = try runProcess("/usr/bin/timeout", ["60", Paths.lambdactl, "serve"] + arguments + ["--port", "0"],
                                    environment: ["TMPDIR": temp])
        let left = try FileManager.default.contentsOfDirectory(atPath: temp)
        return (result.status, result.stderr, left)
    }

    func testEveryHostileZipIsRefusedBeforeUnpacking() throws {
        // Where the slips would land: through `t -> /tmp`, and so through the link after a "/"
        // carrying a combining mark (U+0301).
        let pwned = ["/tmp/lambdactl-pwned", "/tmp/\u{301}lambdactl-pwned"]
        for path in pwned { try? FileManager.default.removeItem(atPath: path) }
        for hostile in HostileZips.errors {
            let zip = dir.file(hostile.name + ".zip")
            try HostileZips.write(hostile.name, at: zip)
            let result = try serve([zip])
            XCTAssertNotEqual(result.status, 0, "\(hostile.name): \(result.stderr)")
            XCTAssertNotEqual(result.status, 124, "\(hostile.name): serve started instead of refusing")
            XCTAssertTrue(result.stderr.contains("error[\(hostile.id)]"), "\(hostile.name) should name \(hostile.id): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(hostile.name + ".zip"), result.stderr)
            XCTAssertEqual(result.workFolders, [], "\(hostile.name): the work folder must be removed")
            for path in pwned { XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(hostile.name) wrote through its link") }
        }
    }

    /// A hostile layer is refused like a hostile function zip.
    func testHostileLayerIsRefused() throws {
        try Fixtures.pythonZip(at: dir.file("fn.zip"), [ZipFixtureEntry("bootstrap", "#!/bin/sh\n", mode: 0o100755)])
        try HostileZips.write("slip", at: dir.file("layer.zip"))
        let result = try serve([dir.file("fn.zip"), "--layer", dir.file("layer.zip")])
        XCTAssertNotEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("error[symlink-escapes]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("layer.zip"), result.stderr)
    }

    /// A link to `/var/task/...` is resolved inside the zip and is fine: serve unpacks and starts.
    func testLinkIntoVarTaskIsServed() throws {
        let zip = dir.file("ok.zip")
        try HostileZips.write("var-task-link", at: zip)
        let serve = try ServeHarness([zip])
        serve.stop()
    }
}
