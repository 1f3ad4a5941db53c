import Foundation
import LambdaTestSupport
import XCTest

/// `url-config` against moto, which accepts `update-function-url-config --invoke-mode` and keeps the
/// old mode: the one stand-in where what AWS returns differs from what was asked.
final class URLConfigMotoTests: AWSTestCase {
    func testAnInvokeModeAWSDidNotApplyIsReported() throws {
        XCTAssertEqual(try lambdactl(["deploy", "--zip", try makeZip("modefn.zip", machine: nil), "--role", try role()]).status, 0)
        let buffered = try lambdactl(["url-config", "modefn", "--invoke-mode", "BUFFERED"])
        XCTAssertEqual(buffered.status, 0, buffered.transcript)
        XCTAssertFalse(buffered.stderr.contains("warning:"), buffered.transcript)
        let streaming = try lambdactl(["url-config", "modefn", "--invoke-mode", "RESPONSE_STREAM", "--json"])
        XCTAssertEqual(streaming.status, 0, streaming.transcript)
        XCTAssertEqual(try awsJSON(["lambda", "get-function-url-config", "--function-name", "modefn"])["InvokeMode"] as? String, "BUFFERED",
                       "moto keeps the old mode; if it stops doing so this test needs another stand-in")
        XCTAssertTrue(streaming.stderr.contains("warning: AWS returned invoke mode BUFFERED for the URL of modefn, not the RESPONSE_STREAM asked for"),
                      streaming.transcript)
        XCTAssertEqual((parseJSON(streaming.stdout)["warnings"] as? [String])?.count, 1, streaming.transcript)
    }
}
