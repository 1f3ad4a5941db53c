import Foundation
import LambdaArchive
import LambdaTestSupport
import XCTest

/// Zips made by other tools (Python's zipfile, as Info-ZIP or Windows would write them) read and
/// extracted safely.
final class ZipReaderTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("zipreader") }
    override func tearDown() { dir.remove() }

    func makeZip(_ name: String, _ entries: [ZipFixtureEntry]) throws -> String {
        let path = dir.file(name)
        try Fixtures.pythonZip(at: path, entries)
        return path
    }

    func testReadsModesAndHostSystem() throws {
        let zip = try makeZip("a.zip", [ZipFixtureEntry("bootstrap", "#!/bin/sh\n", mode: 0o100755), ZipFixtureEntry("win.txt", "x", system: 0, mode: nil)])
        let reader = try ZipReader(path: zip)
        XCTAssertEqual(reader.entries.count, 2)
        XCTAssertEqual(reader.entries[0].madeBy, .unix)
        XCTAssertEqual(reader.entries[0].permissions, 0o755)
        XCTAssertEqual(reader.entries[0].modeString, "-rwxr-xr-x")
        XCTAssertEqual(reader.entries[1].madeBy, .msdos)
        XCTAssertNil(reader.entries[1].unixMode)
        XCTAssertEqual(try reader.contents(of: "bootstrap"), Array("#!/bin/sh\n".utf8))
    }

    func testExtractKeepsModesAndInsideSymlinks() throws {
        let zip = try makeZip("ok.zip", [
            ZipFixtureEntry("bootstrap", "#!/bin/sh\n", mode: 0o100755), ZipFixtureEntry("lib/libx.so.1", "elf", mode: 0o100644),
            ZipFixtureEntry("lib/libx.so", "libx.so.1", mode: 0o120777),
        ])
        let target = dir.path + "/out"
        try ZipReader(path: zip).extract(to: target)
        let mode = try FileManager.default.attributesOfItem(atPath: target + "/bootstrap")[.posixPermissions] as! NSNumber
        XCTAssertEqual(mode.intValue, 0o755)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/lib/libx.so"), "libx.so.1")
        XCTAssertEqual(try String(contentsOfFile: target + "/lib/libx.so", encoding: .utf8), "elf")
    }

    func testRefusesPathsOutsideTheTargetAndWritesNothing() throws {
        let cases: [(String, [ZipFixtureEntry])] = [
            ("dotdot.zip", [ZipFixtureEntry("bootstrap", "x", mode: 0o100755), ZipFixtureEntry("../escape.txt", "x", mode: 0o100644)]),
            ("absolute.zip", [ZipFixtureEntry("/tmp/lambdactl-absolute-\(getpid())", "x", mode: 0o100644)]),
            ("symlink.zip", [ZipFixtureEntry("lib", "../../etc", mode: 0o120777)]),
            ("through.zip", [ZipFixtureEntry("link", ".", mode: 0o120777), ZipFixtureEntry("link/../../x", "x", mode: 0o100644)]),
        ]
        for (name, entries) in cases {
            let zip = try makeZip(name, entries)
            let target = dir.path + "/out-" + name
            XCTAssertThrowsError(try ZipReader(path: zip).extract(to: target), name) { error in
                XCTAssertTrue("\(error)".contains("refusing to extract"), "\(name): \(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/bootstrap"), name)
            XCTAssertFalse(dir.exists("escape.txt"), name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/lambdactl-absolute-\(getpid())"))
    }

    func testNotAZipSaysSo() throws {
        let path = try dir.write("not.zip", "hello")
        XCTAssertThrowsError(try ZipReader(path: path)) { error in
            XCTAssertTrue("\(error)".contains("cannot open zip"), "\(error)")
        }
    }
}
