import Foundation
import LambdaLocal
import LambdaTestSupport
import XCTest

/// `FunctionLoader`, serve's start and --watch reload path, on real folders.
final class FunctionLoaderTests: XCTestCase {
    func testAFolderWithABootstrapLoadsWithItsFolders() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        _ = try folder.write("bootstrap", "#!/bin/sh\nexit 0\n", mode: 0o755)
        var base = FunctionConfiguration(taskRoot: "", optRoot: "")
        base.name = "loaded"
        let (package, config) = try FunctionLoader(layers: [], base: base, requested: nil).load(.snapshot(folder.path))
        defer { package.cleanUp() }
        XCTAssertEqual(config.name, "loaded")
        XCTAssertEqual(config.taskRoot, package.taskRoot)
        XCTAssertNotEqual(package.taskRoot, folder.path, "a --watch snapshot is a copy")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: package.taskRoot + "/bootstrap"))
        XCTAssertNil(config.emulation, "a shell script runs natively")
    }

    func testARefusedSnapshotNamesTheUsersFolderAndLeavesNoCopy() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        _ = try folder.write("handler.py", "print('no bootstrap here')\n")
        let before = Set(Self.workFolders())
        XCTAssertThrowsError(try FunctionLoader(layers: [], base: FunctionConfiguration(taskRoot: "", optRoot: ""), requested: nil)
            .load(.snapshot(folder.path))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(URL(fileURLWithPath: folder.path).standardizedFileURL.path), text)
            XCTAssertFalse(text.contains("lambdactl-serve-"), "the message names serve's copy: \(text)")
            XCTAssertTrue(text.contains("bootstrap"), text)
        }
        XCTAssertEqual(Set(Self.workFolders()).subtracting(before), [], "the refused copy was left in the temp folder")
    }

    /// A script bootstrap with CRLF endings is refused at start with doctor's id and fix, naming
    /// the file as the user knows it: in their folder, or inside their zip (written by Python, an
    /// independent writer).
    func testCRLFBootstrapIsRefusedWithDoctorsFinding() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        _ = try folder.write("bootstrap", "#!/bin/sh\r\nexit 0\r\n", mode: 0o755)
        let zip = folder.path + "/fn.zip"
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("bootstrap", "#!/bin/sh\r\nexit 0\r\n", mode: 0o100755)])
        let before = Set(Self.workFolders())
        let loader = FunctionLoader(layers: [], base: FunctionConfiguration(taskRoot: "", optRoot: ""), requested: nil)
        let inFolder = URL(fileURLWithPath: folder.path).standardizedFileURL.path + "/bootstrap: "
        for (source, named) in [(FunctionPackage.Source.snapshot(folder.path), inFolder), (.directory(folder.path), inFolder),
                                (.zip(zip), zip + ":bootstrap: ")] {
            XCTAssertThrowsError(try loader.load(source)) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix("error[bootstrap-crlf]: "), text)
                XCTAssertTrue(text.contains(named), "\(source): \(text)")
                XCTAssertTrue(text.contains("'/bin/sh\\r'"), text)
                XCTAssertTrue(text.contains("fix: Convert it to LF"), text)
                XCTAssertFalse(text.contains("lambdactl-serve-"), "the message names serve's copy: \(text)")
            }
        }
        XCTAssertEqual(Set(Self.workFolders()).subtracting(before), [], "the refused copy was left in the temp folder")
        // LF endings (and an ELF-free script) load.
        _ = try folder.write("bootstrap", "#!/bin/sh\nexit 0\n", mode: 0o755)
        let (package, _) = try loader.load(.snapshot(folder.path))
        package.cleanUp()
    }

    func testReloadOutcomesReadAsServePrintsThem() {
        XCTAssertEqual(FunctionLoader.ReloadOutcome.reloaded(seconds: 0.26, changed: "1 file changed").summary,
                       "lambdactl serve: reloaded in 0.3 s (1 file changed)")
        XCTAssertEqual(FunctionLoader.ReloadOutcome.failed(error: CocoaError(.fileNoSuchFile), changed: "2 files changed").summary,
                       "lambdactl serve: reload failed (2 files changed); still serving the previous code, see the error above")
    }

    /// serve's work folders of this process (FunctionPackage names them lambdactl-serve-PID-*).
    static func workFolders() -> [String] {
        let prefix = "lambdactl-serve-\(getpid())-"
        return ((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix(prefix) }
    }
}
