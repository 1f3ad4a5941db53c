import Foundation
import LambdaTestSupport
import XCTest

/// A release is one number in three places: `lambdactl --version`, the newest section of
/// CHANGELOG.md and the git tag (which `init` writes as `from:` outside a checkout).
final class VersionTests: XCTestCase {
    func testVersionIsTheNewestChangelogRelease() throws {
        let version = try runProcess(Paths.lambdactl, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let changelog = try String(contentsOf: Paths.repositoryRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let released = changelog.split(separator: "\n").first { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
        let section = try XCTUnwrap(released, "CHANGELOG.md has no release section")
        XCTAssertTrue(section.hasPrefix("## [\(version)] - "), "lambdactl --version is \(version), CHANGELOG.md's newest release is \(section)")
    }
}
