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

    /// Writes a zip with Python: entries are (name, data, create_system, unix mode or nil).
    func makeZip(_ name: String, _ entries: [(String, String, Int, Int?)]) throws -> String {
        let path = dir.file(name)
        // JSON string literals are valid Python string literals.
        func quoted(_ text: String) -> String { { let e = JSONEncoder(); e.outputFormatting = .withoutEscapingSlashes; return String(decoding: try! e.encode(text), as: UTF8.self) }() }
        let spec = entries.map { "(\(quoted($0.0)), \(quoted($0.1)), \($0.2), \($0.3.map(String.init) ?? "None"))" }.joined(separator: ", ")
        let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w") as z:
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

    func testReadsModesAndHostSystem() throws {
        let zip = try makeZip("a.zip", [("bootstrap", "#!/bin/sh\n", 3, 0o100755), ("win.txt", "x", 0, nil)])
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
            ("bootstrap", "#!/bin/sh\n", 3, 0o100755), ("lib/libx.so.1", "elf", 3, 0o100644),
            ("lib/libx.so", "libx.so.1", 3, 0o120777),
        ])
        let target = dir.path + "/out"
        try ZipReader(path: zip).extract(to: target)
        let mode = try FileManager.default.attributesOfItem(atPath: target + "/bootstrap")[.posixPermissions] as! NSNumber
        XCTAssertEqual(mode.intValue, 0o755)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/lib/libx.so"), "libx.so.1")
        XCTAssertEqual(try String(contentsOfFile: target + "/lib/libx.so", encoding: .utf8), "elf")
    }

    func testRefusesPathsOutsideTheTargetAndWritesNothing() throws {
        let cases: [(String, [(String, String, Int, Int?)])] = [
            ("dotdot.zip", [("bootstrap", "x", 3, 0o100755), ("../escape.txt", "x", 3, 0o100644)]),
            ("absolute.zip", [("/tmp/lambdactl-absolute-\(getpid())", "x", 3, 0o100644)]),
            ("symlink.zip", [("lib", "../../etc", 3, 0o120777)]),
            ("through.zip", [("link", ".", 3, 0o120777), ("link/../../x", "x", 3, 0o100644)]),
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
