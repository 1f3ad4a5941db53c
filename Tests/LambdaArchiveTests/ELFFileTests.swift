import Foundation
import LambdaArchive
import LambdaTestSupport
import XCTest

/// The Swift ELF reader against binaries gcc links here, with readelf as the independent reader.
final class ELFFileTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("elf") }
    override func tearDown() { dir.remove() }

    func readelfVersions(_ path: String) throws -> Set<String> {
        let result = try runProcess("readelf", ["-V", "-W", path])
        XCTAssertEqual(result.status, 0, result.transcript)
        var names = Set<String>()
        for line in result.stdout.split(separator: "\n") where line.contains("Name: GLIBC_") {
            if let word = line.split(separator: " ").first(where: { $0.hasPrefix("GLIBC_") }) { names.insert(String(word)) }
        }
        return names
    }

    func testReadsWhatReadelfReads() throws {
        let binary = try Fixtures.compileC(Fixtures.hypotfProgram, in: dir, name: "hypot", flags: ["-lm"])
        let elf = try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: binary))))
        XCTAssertEqual(elf.elfClass, .elf64)
        XCTAssertEqual(elf.architecture, Architecture.host)
        XCTAssertEqual(elf.interpreter, Architecture.host == .x86_64 ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux-aarch64.so.1")
        XCTAssertTrue(elf.neededLibraries.contains("libc.so.6"), "\(elf.neededLibraries)")
        XCTAssertTrue(elf.neededLibraries.contains("libm.so.6"), "\(elf.neededLibraries)")
        let glibc = Set(elf.requiredVersions.filter { $0.hasPrefix("GLIBC_") })
        XCTAssertEqual(glibc, try readelfVersions(binary))
        XCTAssertEqual(elf.maxGlibc, GlibcVersion(major: 2, minor: 35))
    }

    func testStrippedAndStaticBinaries() throws {
        let binary = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "static", flags: ["-static", "-s"])
        let elf = try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: binary))))
        XCTAssertNil(elf.interpreter)
        XCTAssertEqual(elf.neededLibraries, [])
        XCTAssertNil(elf.maxGlibc)
    }

    func testHandMadeArm64Header() throws {
        let elf = try ELFFile(bytes: Array(Fixtures.elfHeader(machine: 183)))
        XCTAssertEqual(elf.architecture, .arm64)
        XCTAssertEqual(elf.neededLibraries, [])
    }

    func testTruncatedFileIsAnErrorNotACrash() throws {
        var bytes = Array(Fixtures.elfHeader(machine: 62))
        bytes[32] = 0xff  // program headers far past the end
        bytes[56] = 1
        bytes[54] = 56
        XCTAssertThrowsError(try ELFFile(bytes: bytes))
        XCTAssertThrowsError(try ELFFile(bytes: Array("#!/bin/sh\n".utf8))) { XCTAssertEqual($0 as? ELFError, .notELF) }
    }

    func testGlibcVersionOrdering() {
        XCTAssertLessThan(GlibcVersion(symbolVersion: "GLIBC_2.9")!, GlibcVersion(symbolVersion: "GLIBC_2.34")!)
        XCTAssertEqual(GlibcVersion(symbolVersion: "GLIBC_2.2.5")?.description, "GLIBC_2.2.5")
        XCTAssertNil(GlibcVersion(symbolVersion: "GLIBC_PRIVATE"))
    }
}
