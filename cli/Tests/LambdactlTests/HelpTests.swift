import Foundation
import LambdaTestSupport
import XCTest

/// A mistyped command is a usage error that names the closest one.
final class HelpTests: XCTestCase {
    func testAMistypedCommandIsAUsageErrorThatNamesTheClosest() throws {
        for (typo, meant) in [("pakage", "package"), ("servee", "serve"), ("dep", "deploy"), ("verfy-url", "verify-url")] {
            let result = try runProcess(Paths.lambdactl, [typo])
            XCTAssertEqual(result.status, 64, result.transcript)
            XCTAssertTrue(result.stderr.contains("Did you mean '\(meant)'?"), result.transcript)
        }
        let unknownHelp = try runProcess(Paths.lambdactl, ["help", "pakage"])
        XCTAssertEqual(unknownHelp.status, 64, "help of an unknown command must not print the root help and succeed: \(unknownHelp.transcript)")
        XCTAssertTrue(unknownHelp.stderr.contains("Did you mean 'package'?"), unknownHelp.transcript)
        let nothingClose = try runProcess(Paths.lambdactl, ["xyzzy"])
        XCTAssertEqual(nothingClose.status, 64)
        XCTAssertFalse(nothingClose.stderr.contains("Did you mean"), nothingClose.transcript)
        XCTAssertTrue(nothingClose.stderr.contains("package, doctor"), nothingClose.transcript)
        XCTAssertEqual(try runProcess(Paths.lambdactl, ["help", "package"]).status, 0)
        XCTAssertEqual(try runProcess(Paths.lambdactl, ["help", "build-layer", "python"]).status, 0)
    }
}
