import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl package` and `lambdactl doctor` as a user runs them: each broken input gets its
/// documented error, exit status 1, and no zip.
final class PackageCommandTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("package") }
    override func tearDown() { dir.remove() }

    func lambdactl(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, arguments, environment: environment, currentDirectory: dir.path)
    }

    /// The zip's entries as Python's zipfile reads them: name → (create_system, mode).
    func pythonModes(_ zip: String) throws -> [String: (Int, Int)] {
        let result = try runProcess("python3", ["-c", """
            import sys, zipfile
            for i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, i.create_system, i.external_attr >> 16)
            """, zip])
        XCTAssertEqual(result.status, 0, result.transcript)
        var modes: [String: (Int, Int)] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            modes[String(parts[0])] = (Int(parts[1])!, Int(parts[2])!)
        }
        return modes
    }

    func assertRefused(_ arguments: [String], finding id: String, output: String = "out.zip", file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try lambdactl(arguments + ["-o", output])
        XCTAssertEqual(result.status, 1, result.transcript, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("error[\(id)]"), "expected \(id): \(result.transcript)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("fix:"), result.transcript, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("no zip was written"), result.transcript, file: file, line: line)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".zip") || $0.contains(".partial-") }
        XCTAssertEqual(leftovers, [], "nothing may be left behind", file: file, line: line)
    }

    func testSeedTemplatePackagesWithExecutableBootstrap() throws {
        let template = Paths.repositoryRoot.appendingPathComponent("templates/python-stream").path
        let result = try lambdactl(["package", "--dir", template, "-o", "function.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("CodeSha256"), result.stdout)
        let modes = try pythonModes(dir.file("function.zip"))
        XCTAssertEqual(Set(modes.keys), ["bootstrap", "runtime.py", "lambda_function.py"])
        XCTAssertEqual(modes["bootstrap"]?.0, 3)
        XCTAssertEqual(modes["bootstrap"]?.1, 0o100755)
        XCTAssertEqual(modes["runtime.py"]?.1, 0o100644)
        // The warning that the Python must come from a layer, with its fix.
        XCTAssertTrue(result.stdout.contains("warning[layer-file-unchecked]"), result.stdout)
        let listing = try runProcess("unzip", ["-Z", dir.file("function.zip")])
        XCTAssertTrue(listing.stdout.contains("-rwxr-xr-x  6.3 unx"), listing.stdout)
    }

    func testBootstrapIsAlways0755AndRebuildsAreIdentical() throws {
        try dir.write("src/bootstrap", "#!/bin/sh\nexec ./handler\n", mode: 0o644)
        try dir.write("src/handler", "#!/bin/sh\necho hi\n", mode: 0o700)
        try dir.write("src/data/words.txt", "a b c\n", mode: 0o600)
        XCTAssertEqual(try lambdactl(["package", "--dir", "src", "-o", "a.zip"]).status, 0)
        // Same content, other mtimes: identical bytes and CodeSha256.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 12345)], ofItemAtPath: dir.file("src/handler"))
        let second = try lambdactl(["package", "--dir", "src", "-o", "b.zip", "--json"])
        XCTAssertEqual(second.status, 0, second.transcript)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.zip"))), try Data(contentsOf: URL(fileURLWithPath: dir.file("b.zip"))))
        let modes = try pythonModes(dir.file("a.zip"))
        XCTAssertEqual(modes["bootstrap"]?.1, 0o100755)
        XCTAssertEqual(modes["handler"]?.1, 0o100755)
        XCTAssertEqual(modes["data/words.txt"]?.1, 0o100644)
        XCTAssertEqual(modes["data/"]?.1, 0o040755)

        let json = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["ok"] as? Bool, true)
        let report = json["report"] as! [String: Any]
        let digest = try runProcess("python3", ["-c", "import base64,hashlib,sys; d=hashlib.sha256(open(sys.argv[1],'rb').read()).digest(); print(d.hex(), base64.b64encode(d).decode())", dir.file("b.zip")])
        let expected = digest.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(report["sha256Hex"] as? String, expected[0])
        XCTAssertEqual(report["codeSha256"] as? String, expected[1])
    }

    func testBinaryBecomesBootstrapAndIncludesKeepTheirPaths() throws {
        let binary = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "app")
        try dir.write("config/settings.json", "{}")
        let result = try lambdactl(["package", "--binary", binary, "--include", "config", "-o", "fn.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("ELF x86_64, dynamic, needs GLIBC_2.34"), result.stdout)
        let modes = try pythonModes(dir.file("fn.zip"))
        XCTAssertEqual(Set(modes.keys), ["bootstrap", "config/", "config/settings.json"])
        XCTAssertEqual(modes["bootstrap"]?.1, 0o100755)
    }

    func testCRLFBootstrapIsRefused() throws {
        try dir.write("crlf/bootstrap", "#!/bin/sh\r\necho hi\r\n", mode: 0o755)
        try assertRefused(["package", "--dir", "crlf"], finding: "bootstrap-crlf")
    }

    func testArm64BinaryUnderX86IsRefused() throws {
        let path = try dir.write("arm/app", Fixtures.elfHeader(machine: 183), mode: 0o755)
        try assertRefused(["package", "--binary", path, "--arch", "x86_64"], finding: "elf-architecture-mismatch")
    }

    func testGlibc235BinaryIsRefusedForAL2023() throws {
        let binary = try Fixtures.compileC(Fixtures.hypotfProgram, in: dir, name: "hypot", flags: ["-lm"])
        try assertRefused(["package", "--binary", binary], finding: "glibc-too-new")
        let result = try lambdactl(["package", "--binary", binary, "-o", "x.zip"])
        XCTAssertTrue(result.stderr.contains("GLIBC_2.35"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--build docker"), result.stderr)
    }

    func testTrivialBinaryPassesAL2023ButNotAL2() throws {
        let binary = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "trivial")
        XCTAssertEqual(try lambdactl(["package", "--binary", binary, "-o", "ok.zip"]).status, 0)
        try FileManager.default.removeItem(atPath: dir.file("ok.zip"))
        try assertRefused(["package", "--binary", binary, "--runtime", "provided.al2"], finding: "glibc-too-new")
    }

    func testDynamicallyLinkedSwiftBinaryIsRefused() throws {
        let source = try dir.write("hello.swift", "print(\"hello\")\n")
        let compile = try runProcess("swiftc", [source, "-o", dir.file("hello")])
        XCTAssertEqual(compile.status, 0, compile.transcript)
        try assertRefused(["package", "--binary", dir.file("hello")], finding: "missing-shared-library")
        let result = try lambdactl(["package", "--binary", dir.file("hello"), "-o", "x.zip"])
        XCTAssertTrue(result.stderr.contains("libswiftCore.so"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--static-swift-stdlib"), result.stderr)
    }

    func testOversizedPackageIsRefusedBeforeWriting() throws {
        let big = dir.file("big/bootstrap")
        XCTAssertEqual(try runProcess("truncate", ["-s", "251M", big]).status, 0)
        let result = try lambdactl(["package", "--dir", "big", "-o", "big.zip"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("over Lambda's 250.0 MB limit"), result.stderr)
        XCTAssertFalse(dir.exists("big.zip"))
    }

    func testMissingInputsExplainThemselves() throws {
        let none = try lambdactl(["package"])
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("--binary PATH"), none.stderr)
        try dir.write("empty/readme.txt", "x")
        let noBootstrap = try lambdactl(["package", "--dir", "empty", "-o", "e.zip"])
        XCTAssertEqual(noBootstrap.status, 1)
        XCTAssertTrue(noBootstrap.stderr.contains("has no file named bootstrap"), noBootstrap.stderr)
        XCTAssertFalse(dir.exists("e.zip"))
    }

    /// `--dir` with `--binary`: a folder of files around a separate executable is packaged; a folder
    /// that has its own bootstrap is a usage error (its bootstrap used to be dropped silently).
    func testDirWithBinaryPackagesTheFolderAroundItButNotTwoBootstraps() throws {
        try dir.write("assets/data.txt", "x\n")
        let around = try lambdactl(["package", "--dir", "assets", "--binary", "/bin/true", "-o", "around.zip"])
        XCTAssertEqual(around.status, 0, around.transcript)
        let modes = try pythonModes(dir.file("around.zip"))
        XCTAssertEqual(Set(modes.keys), ["bootstrap", "data.txt"])
        XCTAssertEqual(modes["bootstrap"]?.1, 0o100755)

        try dir.write("fn/bootstrap", "#!/bin/sh\n", mode: 0o755)
        let both = try lambdactl(["package", "--dir", "fn", "--binary", "/bin/true", "-o", "both.zip"])
        XCTAssertEqual(both.status, 64, both.transcript)
        XCTAssertTrue(both.stderr.contains("has a bootstrap and --binary gives another"), both.stderr)
        XCTAssertFalse(dir.exists("both.zip"))
    }
}
