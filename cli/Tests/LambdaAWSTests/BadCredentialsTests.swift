import Foundation
import LambdaTestSupport
import XCTest

/// Credentials the service rejects, against moto with authentication switched on.
final class BadCredentialsTests: AWSTestCase {
    override class var serverKind: LocalAWSServer.Kind { .motoWithAuth }

    func testRejectedCredentialsAreExplainedWithoutShowingTheSecret() throws {
        let result = try lambdactl(["url-config", "fn", "--show", "-v"],
                                   environment: ["AWS_ACCESS_KEY_ID": "AKIAFAKEKEY", "AWS_SECRET_ACCESS_KEY": "Wrong-Secret-123"])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("AWS answered InvalidClientTokenId"), result.transcript)
        XCTAssertTrue(result.stderr.contains("The credentials are not valid"), result.transcript)
        XCTAssertFalse(result.stdout.contains("Wrong-Secret-123") || result.stderr.contains("Wrong-Secret-123"), result.transcript)
    }
}
