import Foundation
import LambdaArchive
import LambdaTestSupport
import XCTest

/// Zips written by lambdactl, read back by independent readers (Python's zipfile, Info-ZIP's unzip).
final class ZipWriterTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("zipwriter") }
    override func tearDown() { dir.remove() }

    /// Python's view of every entry: name, create_system, mode, date_time.
    func pythonEntries(_ zip: String) throws -> [[String: Any]] {
        let script = """
        import json, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        print(json.dumps([{"name": i.filename, "system": i.create_system, "mode": i.external_attr >> 16,
                           "date": list(i.date_time), "data": z.read(i).decode("latin-1")} for i in z.infolist()]))
        """
        let result = try runProcess("python3", ["-c", script, zip])
        XCTAssertEqual(result.status, 0, result.transcript)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
    }

    func testModesMadeByUnixAndSortedOrder() throws {
        let binary = try dir.write("src/app", "#!/bin/sh\necho hi\n", mode: 0o600)
        let zip = dir.file("out.zip")
        try ZipWriter().write([
            ZipEntrySource(name: "z.txt", content: .bytes(Array("last".utf8))),
            ZipEntrySource(name: "bootstrap", content: .file(path: binary), permissions: 0o755),
            ZipEntrySource(name: "lib", content: .directory),
            ZipEntrySource(name: "lib/libx.so", content: .symlink(target: "libx.so.1")),
        ], to: zip)

        let entries = try pythonEntries(zip)
        XCTAssertEqual(entries.map { $0["name"] as! String }, ["bootstrap", "lib/", "lib/libx.so", "z.txt"])
        for entry in entries { XCTAssertEqual(entry["system"] as? Int, 3, "made by Unix: \(entry)") }
        XCTAssertEqual(entries[0]["mode"] as? Int, 0o100755)
        XCTAssertEqual(entries[1]["mode"] as? Int, 0o040755)
        XCTAssertEqual(entries[2]["mode"] as? Int, 0o120777)
        XCTAssertEqual(entries[2]["data"] as? String, "libx.so.1")
        XCTAssertEqual(entries[3]["mode"] as? Int, 0o100644)
        XCTAssertEqual(entries[0]["date"] as? [Int], [1980, 1, 1, 0, 0, 0])

        let listing = try runProcess("unzip", ["-Z", zip])
        XCTAssertEqual(listing.status, 0, listing.transcript)
        XCTAssertTrue(listing.stdout.contains("-rwxr-xr-x  6.3 unx"), listing.stdout)
        XCTAssertTrue(listing.stdout.contains("lrwxrwxrwx"), listing.stdout)
        XCTAssertFalse(listing.stdout.contains("?rw"), "file type bits missing: \(listing.stdout)")
        let test = try runProcess("unzip", ["-tq", zip])
        XCTAssertEqual(test.status, 0, test.transcript)
    }

    func testSameInputsGiveIdenticalBytesWhateverTheMtimes() throws {
        let file = try dir.write("in/data.txt", String(repeating: "lambda ", count: 500))
        let entries = [
            ZipEntrySource(name: "bootstrap", content: .file(path: file), permissions: 0o755),
            ZipEntrySource(name: "data.txt", content: .file(path: file)),
        ]
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: file)
        try ZipWriter().write(entries, to: dir.file("a.zip"))
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file)
        try ZipWriter().write(entries.reversed(), to: dir.file("b.zip"))
        let a = try Data(contentsOf: URL(fileURLWithPath: dir.file("a.zip")))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir.file("b.zip")))
        XCTAssertEqual(a, b)
    }

    func testSourceDateEpochSetsEveryEntryTimeInUTC() throws {
        // 2024-02-03T04:05:06Z; the DOS time keeps even seconds.
        let stamp = DOSTimestamp.fromEnvironment(["SOURCE_DATE_EPOCH": "1706933106", "TZ": "Asia/Tokyo"])
        try ZipWriter(timestamp: stamp).write([ZipEntrySource(name: "a", content: .bytes([1]))], to: dir.file("t.zip"))
        XCTAssertEqual(try pythonEntries(dir.file("t.zip"))[0]["date"] as? [Int], [2024, 2, 3, 4, 5, 6])
    }

    func testCompressionLevelZeroStores() throws {
        let payload = [UInt8](repeating: 65, count: 10_000)
        try ZipWriter(compressionLevel: 0).write([ZipEntrySource(name: "a", content: .bytes(payload))], to: dir.file("s.zip"))
        try ZipWriter(compressionLevel: 9).write([ZipEntrySource(name: "a", content: .bytes(payload))], to: dir.file("d.zip"))
        let stored = try ZipReader(path: dir.file("s.zip")).entries[0]
        let deflated = try ZipReader(path: dir.file("d.zip")).entries[0]
        XCTAssertEqual(stored.compressedSize, 10_000)
        XCTAssertLessThan(deflated.compressedSize, 200)
        XCTAssertEqual(try ZipReader(path: dir.file("d.zip")).contents(of: "a"), payload)
    }

    /// The default is deflate level 6, not libzip's own default (9, three times slower).
    func testDefaultLevelIsSix() throws {
        var payload: [UInt8] = []
        for index in 0..<200_000 { payload.append(UInt8((index * 7919) % 251 % 64)) }
        let entry = [ZipEntrySource(name: "a", content: .bytes(payload))]
        try ZipWriter().write(entry, to: dir.file("default.zip"))
        try ZipWriter(compressionLevel: 6).write(entry, to: dir.file("six.zip"))
        try ZipWriter(compressionLevel: 9).write(entry, to: dir.file("nine.zip"))
        let bytes = { (name: String) in try Data(contentsOf: URL(fileURLWithPath: self.dir.file(name))) }
        XCTAssertEqual(try bytes("default.zip"), try bytes("six.zip"))
        XCTAssertNotEqual(try bytes("default.zip"), try bytes("nine.zip"))
    }

    func testRejectsEscapingNamesAndLeavesNoFile() throws {
        XCTAssertThrowsError(try ZipWriter().write([ZipEntrySource(name: "../evil", content: .bytes([1]))], to: dir.file("bad.zip")))
        XCTAssertFalse(dir.exists("bad.zip"))
    }
}
