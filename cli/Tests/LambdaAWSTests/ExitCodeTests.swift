import Foundation
import LambdaTestSupport
import XCTest

/// One exit-status policy for every AWS command (README "Exit status"): 2 for bad input or
/// configuration, whichever command meets it. These need no server: each is refused before any
/// aws call (LAMBDACTL_AWS points nowhere, so reaching the CLI would fail differently).
final class ExitCodeTests: XCTestCase {
    var temp: TemporaryDirectory!

    override func setUpWithError() throws {
        temp = try TemporaryDirectory("lambdactl-exit")
    }

    override func tearDown() {
        temp?.remove()
    }

    func lambdactl(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, arguments, environment: ["LAMBDACTL_AWS": "/nonexistent/aws", "XDG_CACHE_HOME": temp.file("cache")],
                       currentDirectory: temp.path)
    }

    func testBadInputExitsTwo() throws {
        let missingZip = try lambdactl(["deploy", "--zip", temp.file("nope.zip"), "--role", "arn:aws:iam::1:role/r"])
        XCTAssertEqual(missingZip.status, 2, missingZip.transcript)
        XCTAssertTrue(missingZip.stderr.contains("no zip at"), missingZip.transcript)

        let notAZip = try temp.write("broken.zip", "not a zip at all")
        let unreadable = try lambdactl(["deploy", "--zip", notAZip, "--role", "arn:aws:iam::1:role/r"])
        XCTAssertEqual(unreadable.status, 2, unreadable.transcript)
        XCTAssertTrue(unreadable.stderr.contains("cannot be read as a zip"), unreadable.transcript)

        let noZipAtAll = try lambdactl(["deploy", "--function", "fn"])
        XCTAssertEqual(noZipAtAll.status, 2, noZipAtAll.transcript)
        XCTAssertTrue(noZipAtAll.stderr.contains("lambdactl package"), noZipAtAll.transcript)

        let since = try lambdactl(["tail", "fn", "--since", "banana"])
        XCTAssertEqual(since.status, 2, since.transcript)
        XCTAssertTrue(since.stderr.contains("--since takes an age"), since.transcript)

        let noCLI = try lambdactl(["url-config", "fn"])
        XCTAssertEqual(noCLI.status, 2, noCLI.transcript)
        XCTAssertTrue(noCLI.stderr.contains("/nonexistent/aws"), noCLI.transcript)
    }
}
