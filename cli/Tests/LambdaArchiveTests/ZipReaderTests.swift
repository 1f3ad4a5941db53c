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

/// Reads of damaged and lying entries: bounded buffers, verdicts from libzip and from the sizes.
final class ZipReaderStreamingTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("zipreader-stream") }
    override func tearDown() { dir.remove() }

    func testChunksAreBoundedAndReassembleTheFile() throws {
        var data = [UInt8]()
        for index in 0..<(300 * 1024) { data.append(UInt8(truncatingIfNeeded: index &* 7919)) }
        let zip = dir.file("big.zip")
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("blob", data)])
        let reader = try ZipReader(path: zip)
        let entry = try XCTUnwrap(reader.entry(named: "blob"))
        var joined = [UInt8](), largest = 0
        try reader.forEachChunk(of: entry) { chunk in
            largest = max(largest, chunk.count)
            joined.append(contentsOf: chunk)
        }
        XCTAssertEqual(joined, data)
        XCTAssertLessThanOrEqual(largest, ZipReader.bufferSize)
        XCTAssertEqual(try reader.contents(of: entry, limit: 4), Array(data.prefix(4)))
        XCTAssertEqual(try reader.contents(of: entry), data)
    }

    func testBadCRCAndLyingSizeThrow() throws {
        let crc = dir.file("crc.zip"), huge = dir.file("huge.zip")
        try HostileZips.write("crc-mismatch", at: crc)
        try HostileZips.write("huge-declared-size", at: huge)
        let crcReader = try ZipReader(path: crc)
        XCTAssertThrowsError(try crcReader.contents(of: "data.txt")) { error in
            XCTAssertEqual((error as? ArchiveError)?.finding?.id, "crc-mismatch", "\(error)")
        }
        let hugeReader = try ZipReader(path: huge)
        let entry = try XCTUnwrap(hugeReader.entry(named: "data.txt"))
        XCTAssertEqual(entry.uncompressedSize, 0xFFFF_FFF0)
        XCTAssertThrowsError(try hugeReader.contents(of: entry)) { error in
            guard case ArchiveError.truncatedEntry(_, _, let declared, let actual)? = error as? ArchiveError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(declared, 0xFFFF_FFF0)
            XCTAssertEqual(actual, 4)
        }
        // A prefix read makes no claim about the rest, so it still answers.
        XCTAssertEqual(try hugeReader.contents(of: entry, limit: 100), Array("tiny".utf8))
    }

    /// Data that goes on past its declared size (1 MiB of zeros declared as 16 bytes) stops at the
    /// declared size: no reader is handed a byte beyond what the size checks were judged on.
    func testDataPastTheDeclaredSizeStopsThere() throws {
        let zip = dir.file("understated.zip")
        try HostileZips.write("understated-size", at: zip)
        let reader = try ZipReader(path: zip)
        let entry = try XCTUnwrap(reader.entry(named: "data.txt"))
        XCTAssertEqual(entry.uncompressedSize, 16)
        var handed = 0
        XCTAssertThrowsError(try reader.forEachChunk(of: entry) { handed += $0.count }) { error in
            XCTAssertEqual(error as? ArchiveError, .oversizedEntry(path: zip, entry: "data.txt", declared: 16))
            XCTAssertEqual((error as? ArchiveError)?.finding?.id, "crc-mismatch")
        }
        XCTAssertLessThanOrEqual(handed, 16)
        let target = dir.path + "/understated"
        XCTAssertThrowsError(try reader.extract(to: target))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/data.txt"))
    }

    /// Unpacking streams and verifies: the damaged file is removed and the error carries the id.
    func testExtractRefusesADamagedEntryAndRemovesIt() throws {
        let crc = dir.file("crc.zip")
        try HostileZips.write("crc-mismatch", at: crc)
        let target = dir.path + "/out"
        XCTAssertThrowsError(try ZipReader(path: crc).extract(to: target)) { error in
            XCTAssertTrue("\(error)".contains("error[crc-mismatch]"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/data.txt"))
    }

    func testExtractKeepsLinksIntoTheRuntimeFolders() throws {
        let zip = dir.file("vt.zip")
        try HostileZips.write("var-task-link", at: zip)
        let target = dir.path + "/out"
        try ZipReader(path: zip).extract(to: target)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/lib/data.txt"), "/var/task/data.txt")
    }
}
