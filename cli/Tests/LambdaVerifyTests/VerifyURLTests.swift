import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl verify-url` against a local HTTPS server (self-signed certificate) whose paths stream,
/// buffer, answer 403 like a Function URL, stall, cut a stream short or leak the prelude.
final class VerifyURLTests: XCTestCase {
    nonisolated(unsafe) static var server: BackgroundProcess?
    nonisolated(unsafe) static var base = ""
    nonisolated(unsafe) static var certificates: TemporaryDirectory?

    override class func setUp() {
        super.setUp()
        do {
            let dir = try TemporaryDirectory("verify-tls")
            certificates = dir
            let cert = dir.file("cert.pem"), key = dir.file("key.pem")
            let made = try runProcess("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                                  "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert])
            guard made.status == 0 else { throw FixtureError(message: made.transcript) }
            let script = Paths.cliRoot.appendingPathComponent("Tests/LambdaVerifyTests/Fixtures/stream_server.py").path
            let process = try BackgroundProcess("python3", [script, cert, key])
            let ready = try process.waitForLine(containing: "READY")
            server = process
            base = "https://127.0.0.1:\(ready.split(separator: " ")[1])"
        } catch {
            XCTFail("could not start the HTTPS test server: \(error)")
        }
    }

    override class func tearDown() {
        server?.stop()
        certificates?.remove()
        super.tearDown()
    }

    var caFile: String { Self.certificates!.file("cert.pem") }

    func verify(_ path: String, _ extra: [String] = []) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, ["verify-url", Self.base + path, "--ca-file", caFile] + extra)
    }

    func testStreamingResponsePasses() throws {
        let result = try verify("/stream", ["--expect-lines", "4", "--expect-status", "200", "--expect-header", "x-test:yes"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("streams: 4 read(s)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ok: the response streams"), result.stdout)
    }

    func testJSONFiguresParse() throws {
        let result = try verify("/stream", ["--json"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["verdict"] as? String, "streams")
        XCTAssertEqual(object["lines"] as? Int, 4)
        let reads = object["reads"] as! [[String: Any]]
        XCTAssertGreaterThanOrEqual(reads.count, 4)
        // The reads are spread over the server's three 150 ms pauses, not bunched together.
        let first = reads.first!["atMilliseconds"] as! Double, last = reads.last!["atMilliseconds"] as! Double
        XCTAssertGreaterThan(last - first, 300)
    }

    func testBufferedResponseFails() throws {
        let result = try verify("/buffered", ["--format", "github"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("::error title=verify-url buffered::"), result.stdout)
        XCTAssertTrue(result.stdout.contains("RESPONSE_STREAM"), result.stdout)
    }

    func testForbiddenNamesTheMissingPermissions() throws {
        let result = try verify("/forbidden")
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("error[forbidden]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("--invoked-via-function-url"), result.stdout)
        XCTAssertTrue(result.stdout.contains("--function-url-auth-type NONE"), result.stdout)
        // The same Sids url-config uses, so running both never leaves two copies of a statement.
        XCTAssertTrue(result.stdout.contains("--statement-id FunctionURLAllowPublicAccess --action lambda:InvokeFunctionUrl"), result.stdout)
        XCTAssertTrue(result.stdout.contains("--statement-id FunctionURLAllowInvokeViaURL --action lambda:InvokeFunction "), result.stdout)
    }

    func testStallPastTheTimeoutFails() throws {
        let result = try verify("/stall", ["--timeout", "1"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("error[timed-out]"), result.stdout)
    }

    func testStreamCutShortIsNamed() throws {
        let result = try verify("/cut")
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("error[stream-cut]"), result.stdout)
    }

    func testLeakedPreludeIsNamed() throws {
        let result = try verify("/leak")
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("error[prelude-leaked]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("application/vnd.awslambda.http-integration-response"), result.stdout)
    }

    func testUntrustedCertificateAndRefusedConnectionAreNetworkErrors() throws {
        let untrusted = try runProcess(Paths.lambdactl, ["verify-url", Self.base + "/stream"])
        XCTAssertEqual(untrusted.status, 3, untrusted.transcript)
        XCTAssertTrue(untrusted.stdout.contains("error[network]"), untrusted.stdout)
        let insecure = try runProcess(Paths.lambdactl, ["verify-url", Self.base + "/stream", "--insecure"])
        XCTAssertEqual(insecure.status, 0, insecure.transcript)
        let refused = try runProcess(Paths.lambdactl, ["verify-url", "http://127.0.0.1:\(Paths.freePort())/"])
        XCTAssertEqual(refused.status, 3, refused.transcript)
    }

    func testUsageErrorsExitTwo() throws {
        let result = try runProcess(Paths.lambdactl, ["verify-url", "not a url"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("is not an http(s) URL"), result.stderr)
    }
}
