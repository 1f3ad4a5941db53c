import Foundation
import LambdaTestSupport
import XCTest

/// The project file through the binary: a broken or missing one stops every command with exit
/// status 2 and the file's line, before anything else happens.
final class ProjectFileTests: XCTestCase {
    func testAMissingNamedFileIsAnError() throws {
        let result = try runProcess(Paths.lambdactl, ["config"], environment: ["LAMBDACTL_CONFIG": "/nonexistent/lambdactl.toml", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("LAMBDACTL_CONFIG is /nonexistent/lambdactl.toml, which does not exist"), result.transcript)
    }

    func testAnOutOfRangeMemoryNamesTheFileNotAFlag() throws {
        let folder = try TemporaryDirectory("lambdactl-project-file")
        defer { folder.remove() }
        _ = try folder.write("lambdactl.toml", "[function]\nname = \"words\"\nmemory = 99999\n")
        try FileManager.default.createDirectory(atPath: folder.path + "/code", withIntermediateDirectories: true)
        _ = try folder.write("code/bootstrap", "#!/bin/sh\n", mode: 0o755)
        let result = try runProcess(Paths.lambdactl, ["serve", "--dir", "code", "--port", "0"], currentDirectory: folder.path)
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("lambdactl.toml:3: 'function.memory' is 99999; use 128-10240"), result.transcript)
        XCTAssertFalse(result.stderr.contains("--memory"), "no flag was given: \(result.transcript)")
    }
}
