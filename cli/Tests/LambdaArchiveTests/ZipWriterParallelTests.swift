import Foundation
import LambdaArchive
import LambdaTestSupport
import XCTest

/// Reproducible zips whatever the thread count: the same entries written with 1 and 2 workers, and
/// twice, give the same bytes, which independent readers (unzip, Python's zipfile) accept.
final class ZipWriterParallelTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("zipparallel") }
    override func tearDown() { dir.remove() }

    /// Text that deflates well, random bytes that do not, an empty file, bytes, a link and folders.
    func entries() throws -> [ZipEntrySource] {
        var generator = SystemRandomNumberGenerator()
        var result = [ZipEntrySource(name: "lib", content: .directory), ZipEntrySource(name: "lib/l.so", content: .symlink(target: "f0.txt"))]
        for index in 0..<60 {
            let text = String(repeating: "handler \(index) event ", count: 50 + index * 7)
            let path = try dir.write("in/f\(index).txt", text, mode: index % 3 == 0 ? 0o755 : 0o644)
            result.append(ZipEntrySource(name: "lib/f\(index).txt", content: .file(path: path), permissions: index % 3 == 0 ? 0o755 : 0o644))
            result.append(ZipEntrySource(name: "b\(index).bin", content: .bytes((0..<(index * 97)).map { _ in UInt8.random(in: 0...255, using: &generator) })))
        }
        result.append(ZipEntrySource(name: "empty", content: .file(path: try dir.write("in/empty", ""))))
        return result
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: dir.file(name))) }

    func testOneAndTwoWorkersWriteTheSameBytesAtEveryLevel() throws {
        let entries = try entries()
        for level in [0, 1, 6, 9] {
            try ZipWriter(compressionLevel: level, workers: 1).write(entries, to: dir.file("one-\(level).zip"))
            try ZipWriter(compressionLevel: level, workers: 2).write(entries.shuffled(), to: dir.file("two-\(level).zip"))
            try ZipWriter(compressionLevel: level, workers: 2).write(entries, to: dir.file("again-\(level).zip"))
            XCTAssertEqual(try bytes("one-\(level).zip"), try bytes("two-\(level).zip"), "level \(level): 1 vs 2 workers")
            XCTAssertEqual(try bytes("two-\(level).zip"), try bytes("again-\(level).zip"), "level \(level): two runs")
        }
        // No spill file of a worker is left beside the output.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".zip.w") }
        XCTAssertEqual(left, [])
    }

    func testParallelZipIsReadByUnzipAndPython() throws {
        let entries = try entries()
        let archive = dir.file("p.zip")
        try ZipWriter(workers: 2).write(entries, to: archive)

        let test = try runProcess("unzip", ["-tq", archive])
        XCTAssertEqual(test.status, 0, test.transcript)
        let listing = try runProcess("unzip", ["-Z", archive])
        XCTAssertEqual(listing.status, 0, listing.transcript)
        XCTAssertTrue(listing.stdout.contains("-rwxr-xr-x  6.3 unx"), listing.stdout)
        XCTAssertTrue(listing.stdout.contains("lrwxrwxrwx"), listing.stdout)
        XCTAssertTrue(listing.stdout.contains("defN"), listing.stdout)

        // Python checks every CRC (testzip), the order, the modes and the data of each entry.
        let script = """
        import json, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        print(json.dumps([[i.filename, i.external_attr >> 16, i.compress_type, list(i.date_time), z.read(i).hex()] for i in z.infolist()]))
        """
        let result = try runProcess("python3", ["-c", script, archive])
        XCTAssertEqual(result.status, 0, result.transcript)
        let read = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[Any]]
        let expected = entries.sorted { Array($0.entryName.utf8).lexicographicallyPrecedes(Array($1.entryName.utf8)) }
        XCTAssertEqual(read.map { $0[0] as! String }, expected.map(\.entryName))
        for (entry, row) in zip(expected, read) {
            XCTAssertEqual(row[1] as? Int, Int(entry.unixMode), entry.entryName)
            XCTAssertEqual(row[3] as? [Int], [1980, 1, 1, 0, 0, 0], entry.entryName)
            let data: [UInt8]
            switch entry.content {
            case .file(let path): data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            case .bytes(let bytes): data = bytes
            case .symlink(let target): data = Array(target.utf8)
            case .directory: data = []
            }
            XCTAssertEqual(row[4] as? String, data.map { String(format: "%02x", $0) }.joined(), entry.entryName)
            if entry.content != .directory { XCTAssertEqual(row[2] as? Int, 8, "deflated: \(entry.entryName)") }
        }
    }

    func testUnreadableFileFailsWithoutLeavingFiles() throws {
        var entries = try entries()
        entries.append(ZipEntrySource(name: "gone", content: .file(path: dir.file("in/does-not-exist"))))
        XCTAssertThrowsError(try ZipWriter(workers: 2).write(entries, to: dir.file("bad.zip"))) { error in
            XCTAssertTrue("\(error)".contains("does-not-exist"), "\(error)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("bad.zip") }
        XCTAssertEqual(left, [])
    }

    /// A worker refuses what is not a regular file when it opens it, instead of blocking on a FIFO
    /// (which a file can become between the folder walk and the write), and the failure leaves no
    /// spill file behind.
    func testFIFOInAFilesPlaceFailsWithoutBlocking() throws {
        var entries = try entries()
        let fifo = dir.file("in/pipe")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        entries.append(ZipEntrySource(name: "pipe", content: .file(path: fifo)))
        XCTAssertThrowsError(try ZipWriter(workers: 2).write(entries, to: dir.file("fifo.zip"))) { error in
            XCTAssertTrue("\(error)".contains("not a regular file"), "\(error)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("fifo.zip") }
        XCTAssertEqual(left, [])
    }
}
