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

    /// Every hostile field, in both classes and byte orders, is a thrown `malformed` naming what is
    /// wrong: no trap, no hang. The consistent file of each variant parses to what Python wrote.
    func testHostileFieldsAreMalformedInEveryClassAndByteOrder() throws {
        for variant in HostileELF.Variant.allCases {
            let good = try ELFFile(bytes: try HostileELF.write(.consistent, variant, to: dir.file("ok-\(variant.rawValue)")))
            XCTAssertEqual(good.elfClass, variant.rawValue.hasPrefix("64") ? .elf64 : .elf32, "\(variant)")
            XCTAssertEqual(good.littleEndian, variant.rawValue.hasSuffix("le"), "\(variant)")
            XCTAssertEqual(good.interpreter, "/lib64/ld-linux-x86-64.so.2", "\(variant)")
            XCTAssertEqual(good.neededLibraries, ["libc.so.6"], "\(variant)")
            XCTAssertEqual(good.requiredVersions, ["GLIBC_2.34"], "\(variant)")
            for flaw in HostileELF.Flaw.allCases where flaw != .consistent {
                let bytes = try HostileELF.write(flaw, variant, to: dir.file("\(flaw.rawValue)-\(variant.rawValue)"))
                XCTAssertThrowsError(try ELFFile(bytes: bytes), "\(flaw) \(variant)") { error in
                    guard case .malformed(let why)? = error as? ELFError else { return XCTFail("\(flaw) \(variant): \(error)") }
                    XCTAssertFalse(why.isEmpty)
                }
            }
        }
    }

    func testMalformedMessagesNameTheField() throws {
        func why(_ flaw: HostileELF.Flaw) throws -> String {
            do {
                _ = try ELFFile(bytes: try HostileELF.write(flaw, .elf64LE, to: dir.file(flaw.rawValue)))
                return "parsed"
            } catch let ELFError.malformed(why) { return why }
        }
        let expected: [(HostileELF.Flaw, String)] = [
            (.phoffHuge, "program header table"), (.interpHuge, "PT_INTERP"), (.shoffPastEnd, "section header table"),
            (.shLinkOutOfRange, "string table 200"), (.verneedCycle, "vn_next"),
        ]
        for (flaw, field) in expected {
            let message = try why(flaw)
            XCTAssertTrue(message.contains(field), "\(flaw): \(message)")
        }
    }

    /// Every truncation of a real binary is an error or a parse, never a trap.
    func testEveryPrefixOfARealBinaryIsHandled() throws {
        let binary = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "trivial", flags: ["-s"])
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: binary)))
        var failures = 0
        for length in stride(from: 0, to: min(bytes.count, 4096), by: 7) {
            if (try? ELFFile(bytes: Array(bytes.prefix(length)))) == nil { failures += 1 }
        }
        XCTAssertGreaterThan(failures, 0)
        XCTAssertNoThrow(try ELFFile(bytes: bytes))
    }

    func readelfDynamic(_ path: String) throws -> [String: [String]] {
        let result = try runProcess("readelf", ["-d", "-W", path])
        XCTAssertEqual(result.status, 0, result.transcript)
        var values: [String: [String]] = [:]
        for line in result.stdout.split(separator: "\n") {
            for tag in ["NEEDED", "SONAME", "RPATH", "RUNPATH"] where line.contains("(\(tag))") {
                if let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") {
                    values[tag, default: []].append(String(line[line.index(after: open)..<close]))
                }
            }
        }
        return values
    }

    func testRunpathRpathAndSonameMatchReadelf() throws {
        let source = try dir.write("a.c", "int a(void) { return 1; }\n")
        for (name, dtags) in [("librun.so", "--enable-new-dtags"), ("librpath.so", "--disable-new-dtags")] {
            let output = dir.file(name)
            let link = try runProcess("gcc", ["-shared", "-fPIC", source, "-o", output, "-Wl,-soname,\(name).1",
                                               "-Wl,\(dtags)", "-Wl,-rpath,$ORIGIN:$ORIGIN/../lib:/opt/lib", "-lm"])
            XCTAssertEqual(link.status, 0, link.transcript)
            let elf = try ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: output))))
            let readelf = try readelfDynamic(output)
            XCTAssertEqual(elf.soname, readelf["SONAME"]?.first)
            XCTAssertEqual(elf.neededLibraries, readelf["NEEDED"] ?? [])
            let expected = readelf[dtags == "--enable-new-dtags" ? "RUNPATH" : "RPATH"]?.first?.split(separator: ":").map(String.init)
            XCTAssertEqual(dtags == "--enable-new-dtags" ? elf.runpath : elf.rpath, expected)
            XCTAssertEqual(dtags == "--enable-new-dtags" ? elf.rpath : elf.runpath, [])
            XCTAssertEqual(expected, ["$ORIGIN", "$ORIGIN/../lib", "/opt/lib"])
        }
    }

    func testGlibcVersionOrdering() {
        XCTAssertLessThan(GlibcVersion(symbolVersion: "GLIBC_2.9")!, GlibcVersion(symbolVersion: "GLIBC_2.34")!)
        XCTAssertEqual(GlibcVersion(symbolVersion: "GLIBC_2.2.5")?.description, "GLIBC_2.2.5")
        XCTAssertNil(GlibcVersion(symbolVersion: "GLIBC_PRIVATE"))
    }
}
