import Foundation
import LambdaTestSupport
import XCTest

/// `missing-shared-library` along the chain the loader really walks: gcc links a bootstrap against
/// libA.so, which needs libB.so, with RUNPATH `$ORIGIN` where the case says so. Python's zipfile
/// writes the package; glibc's own loader, run on the unpacked folder with Lambda's LD_LIBRARY_PATH
/// (the folder and its lib/, as /var/task and /var/task/lib), is the independent judge of whether
/// the bootstrap starts: doctor's verdict must match its exit status.
final class SharedLibraryChainTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("solib") }
    override func tearDown() { dir.remove() }

    struct Built {
        var bootstrap: [UInt8]
        var libA: [UInt8]
        var libB: [UInt8]
    }

    /// `bootstrapRunpath` is the bootstrap's RUNPATH (nil: none); libA always has RUNPATH `$ORIGIN`.
    func build(bootstrapRunpath: String?) throws -> Built {
        let build = dir.file("build")
        try FileManager.default.createDirectory(atPath: build, withIntermediateDirectories: true)
        let b = try dir.write("build/b.c", "int b(void) { return 2; }\n")
        let a = try dir.write("build/a.c", "int b(void);\nint a(void) { return b() + 1; }\n")
        let main = try dir.write("build/main.c", "int a(void);\nint main(void) { return a() == 3 ? 0 : 1; }\n")
        func gcc(_ arguments: [String]) throws {
            let result = try runProcess("gcc", arguments, currentDirectory: build)
            XCTAssertEqual(result.status, 0, result.transcript)
        }
        try gcc(["-shared", "-fPIC", b, "-o", "libB.so", "-Wl,-soname,libB.so"])
        try gcc(["-shared", "-fPIC", a, "-o", "libA.so", "-Wl,-soname,libA.so", "-L.", "-lB", "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN"])
        try gcc([main, "-o", "bootstrap", "-L.", "-lA", "-Wl,-rpath-link,."] + (bootstrapRunpath.map { ["-Wl,--enable-new-dtags", "-Wl,-rpath,\($0)"] } ?? []))
        func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: build + "/" + name))) }
        return Built(bootstrap: try read("bootstrap"), libA: try read("libA.so"), libB: try read("libB.so"))
    }

    /// Zips `files` (bootstrap 0755) with Python, runs doctor on it, and runs the bootstrap unpacked
    /// by unzip under glibc's loader. Returns doctor's result and the loader's exit status.
    func check(_ name: String, _ files: [String: [UInt8]]) throws -> (doctor: ProcessResult, loader: ProcessResult) {
        let zip = dir.file(name + ".zip")
        try Fixtures.pythonZip(at: zip, files.sorted { $0.key < $1.key }.map {
            ZipFixtureEntry($0.key, $0.value, mode: $0.key == "bootstrap" ? 0o100755 : 0o100644)
        })
        let doctor = try runProcess(Paths.lambdactl, ["doctor", zip], currentDirectory: dir.path)
        let task = dir.file(name + "-task")
        let unzip = try runProcess("unzip", ["-q", zip, "-d", task])
        XCTAssertEqual(unzip.status, 0, unzip.transcript)
        let loader = try runProcess(task + "/bootstrap", [], environment: ["LD_LIBRARY_PATH": "\(task):\(task)/lib"], currentDirectory: task)
        return (doctor, loader)
    }

    /// A RUNPATH of 60 folders each 1,500 deep (180 KB, given to ld in a response file, as no
    /// command line holds it), with the libraries in the last one: doctor walks each folder once
    /// (following it cost the square of its depth, 4 s here, minutes with a few more libraries),
    /// and agrees with the loader.
    func testALongRUNPATHIntoDeepFoldersIsFollowed() throws {
        let built = try build(bootstrapRunpath: nil)
        let deep = String(repeating: "d/", count: 1500)
        let folders = (0..<60).map { "\(deep)x\($0)" }
        let arguments = try dir.write("build/ldargs", "--enable-new-dtags\n-rpath=" + folders.map { "$ORIGIN/\($0)" }.joined(separator: ":") + "\n")
        let main = try dir.write("build/main.c", "int a(void);\nint main(void) { return a() == 3 ? 0 : 1; }\n")
        let link = try runProcess("gcc", [main, "-o", "deep-bootstrap", "-L.", "-lA", "-Wl,-rpath-link,.", "-Wl,@\(arguments)"], currentDirectory: dir.file("build"))
        XCTAssertEqual(link.status, 0, link.transcript)
        let bootstrap = Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("build/deep-bootstrap"))))
        let last = folders[folders.count - 1]
        let (doctor, loader) = try check("deep-runpath", ["bootstrap": bootstrap, "\(last)/libA.so": built.libA, "\(last)/libB.so": built.libB])
        XCTAssertEqual(loader.status, 0, loader.transcript)
        XCTAssertEqual(doctor.status, 0, doctor.transcript)
        XCTAssertTrue(doctor.stdout.contains("ok: no problems found"), doctor.transcript)
    }

    func testLibrariesInLibPass() throws {
        let built = try build(bootstrapRunpath: nil)
        let (doctor, loader) = try check("both", ["bootstrap": built.bootstrap, "lib/libA.so": built.libA, "lib/libB.so": built.libB])
        XCTAssertEqual(loader.status, 0, loader.transcript)
        XCTAssertEqual(doctor.status, 0, doctor.transcript)
        XCTAssertTrue(doctor.stdout.contains("ok: no problems found"), doctor.transcript)
    }

    func testMissingTransitiveLibraryIsAnErrorNamingTheChain() throws {
        let built = try build(bootstrapRunpath: nil)
        let (doctor, loader) = try check("nob", ["bootstrap": built.bootstrap, "lib/libA.so": built.libA])
        XCTAssertEqual(loader.status, 127, loader.transcript)
        XCTAssertTrue(loader.stderr.contains("libB.so"), loader.transcript)
        XCTAssertEqual(doctor.status, 1, doctor.transcript)
        XCTAssertTrue(doctor.stdout.contains("error[missing-shared-library]"), doctor.transcript)
        XCTAssertTrue(doctor.stdout.contains("bootstrap -> lib/libA.so -> libB.so"), doctor.transcript)
        XCTAssertTrue(doctor.stdout.contains("fix: Ship libB.so"), doctor.transcript)
    }

    /// Outside LD_LIBRARY_PATH only `$ORIGIN` finds the libraries: vendor/libA.so's RUNPATH finds
    /// vendor/libB.so, but not other/libB.so, although a library of that name is in the zip (the
    /// check before this one only looked for the name anywhere, and passed it).
    func testOriginRunpathIsFollowed() throws {
        let built = try build(bootstrapRunpath: "$ORIGIN/vendor")
        let good = try check("vendor", ["bootstrap": built.bootstrap, "vendor/libA.so": built.libA, "vendor/libB.so": built.libB])
        XCTAssertEqual(good.loader.status, 0, good.loader.transcript)
        XCTAssertEqual(good.doctor.status, 0, good.doctor.transcript)

        let bad = try check("other", ["bootstrap": built.bootstrap, "vendor/libA.so": built.libA, "other/libB.so": built.libB])
        XCTAssertEqual(bad.loader.status, 127, bad.loader.transcript)
        XCTAssertEqual(bad.doctor.status, 1, bad.doctor.transcript)
        XCTAssertTrue(bad.doctor.stdout.contains("bootstrap -> vendor/libA.so -> libB.so"), bad.doctor.transcript)
        XCTAssertTrue(bad.doctor.stdout.contains("other/libB.so"), bad.doctor.transcript)
        XCTAssertTrue(bad.doctor.stdout.contains("RUNPATH $ORIGIN"), bad.doctor.transcript)
    }

    func testJSONNamesTheLibraryThatNeedsIt() throws {
        let built = try build(bootstrapRunpath: nil)
        let zip = dir.file("j.zip")
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("bootstrap", built.bootstrap, mode: 0o100755), ZipFixtureEntry("lib/libA.so", built.libA)])
        let result = try runProcess(Paths.lambdactl, ["doctor", zip, "--json"], currentDirectory: dir.path)
        XCTAssertEqual(result.status, 1, result.transcript)
        let parsed = try runProcess("python3", ["-c", """
            import json, sys
            d = json.load(sys.stdin)
            f = [f for f in d['report']['findings'] if f['id'] == 'missing-shared-library']
            print(len(f), f[0]['severity'], f[0]['entry'])
            """], input: Data(result.stdout.utf8))
        XCTAssertEqual(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "1 error lib/libA.so", parsed.transcript)
    }

    /// A library nothing is known to load (the bootstrap is a script) keeps the warning.
    func testUnreachedLibraryStaysAWarning() throws {
        let built = try build(bootstrapRunpath: nil)
        let zip = dir.file("script.zip")
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("bootstrap", "#!/bin/sh\necho hi\n", mode: 0o100755), ZipFixtureEntry("lib/libA.so", built.libA)])
        let result = try runProcess(Paths.lambdactl, ["doctor", zip], currentDirectory: dir.path)
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("warning[missing-shared-library]"), result.transcript)
    }

    /// A script that execs a packaged binary: the binary's libraries are followed like a bootstrap's.
    func testBinaryExecedByTheScriptIsFollowed() throws {
        let built = try build(bootstrapRunpath: nil)
        let zip = dir.file("exec.zip")
        try Fixtures.pythonZip(at: zip, [
            ZipFixtureEntry("bootstrap", "#!/bin/sh\nexec ./app \"$@\"\n", mode: 0o100755),
            ZipFixtureEntry("app", built.bootstrap, mode: 0o100755), ZipFixtureEntry("lib/libA.so", built.libA),
        ])
        let result = try runProcess(Paths.lambdactl, ["doctor", zip], currentDirectory: dir.path)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("app -> lib/libA.so -> libB.so"), result.transcript)
    }
}
