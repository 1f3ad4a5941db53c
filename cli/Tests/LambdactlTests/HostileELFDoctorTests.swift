import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl doctor` on zips whose bootstrap is an ELF file with one hostile field, written with
/// Python's `struct` and zipped with Python's `zipfile`: each is `elf-malformed`, exit 1, with valid
/// JSON, and never a crash (before the fix, `e_phoff = 0xFFFFFFFFFFFFFF00` trapped with exit 132).
final class HostileELFDoctorTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("hostile-elf") }
    override func tearDown() { dir.remove() }

    func doctorJSON(_ flaw: HostileELF.Flaw, _ variant: HostileELF.Variant) throws -> (status: Int32, ids: String, transcript: String) {
        let name = "\(flaw.rawValue)-\(variant.rawValue)"
        let bytes = try HostileELF.write(flaw, variant, to: dir.file(name + ".elf"))
        let zip = dir.file(name + ".zip")
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("bootstrap", bytes, mode: 0o100755)])
        let result = try runProcess(Paths.lambdactl, ["doctor", zip, "--json"], currentDirectory: dir.path)
        let parsed = try runProcess("python3", ["-c", "import json,sys; d=json.load(sys.stdin); print(d['ok'], ' '.join(f['id'] + ':' + f['severity'] for f in d['report']['findings']))"],
                                    input: Data(result.stdout.utf8))
        XCTAssertEqual(parsed.status, 0, "JSON of \(name) does not parse: \(result.transcript)")
        return (result.status, parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), result.transcript)
    }

    func testEveryHostileFieldIsElfMalformedInEveryVariant() throws {
        for variant in HostileELF.Variant.allCases {
            for flaw in HostileELF.Flaw.allCases where flaw != .consistent {
                let (status, ids, transcript) = try doctorJSON(flaw, variant)
                XCTAssertEqual(status, 1, "\(flaw) \(variant): \(transcript)")
                XCTAssertTrue(ids.hasPrefix("False") && ids.contains("elf-malformed:error"), "\(flaw) \(variant): \(ids)")
            }
        }
    }

    func testConsistentFilesPassInEveryVariant() throws {
        for variant in HostileELF.Variant.allCases {
            let (status, ids, transcript) = try doctorJSON(.consistent, variant)
            XCTAssertEqual(status, 0, "\(variant): \(transcript)")
            XCTAssertEqual(ids, "True", "\(variant)")
        }
    }

    func testTextOutputSaysWhatIsWrong() throws {
        let bytes = try HostileELF.write(.headerOnlyPhoff, .elf64LE, to: dir.file("issue.elf"))
        XCTAssertEqual(bytes.count, 64)
        let zip = dir.file("issue.zip")
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("bootstrap", bytes, mode: 0o100755)])
        let result = try runProcess(Paths.lambdactl, ["doctor", zip], currentDirectory: dir.path)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("error[elf-malformed]"), result.transcript)
        XCTAssertTrue(result.stdout.contains("program header table"), result.transcript)
        XCTAssertTrue(result.stdout.contains("fix: "), result.transcript)
    }
}
