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

    /// No retrying until --timeout: each cause is named at once and always exits 3.
    func testRefusedDNSAndTLSFailuresAreNamedAndExitThree() throws {
        let port = Paths.freePort()
        for _ in 0..<3 {
            let refused = try runProcess(Paths.lambdactl, ["verify-url", "http://127.0.0.1:\(port)/", "--timeout", "2"])
            XCTAssertEqual(refused.status, 3, refused.transcript)
            XCTAssertTrue(refused.stdout.contains("error[network]: connection refused"), refused.stdout)
            XCTAssertFalse(refused.stdout.contains("timed-out"), refused.stdout)
        }
        let dns = try runProcess(Paths.lambdactl, ["verify-url", "https://no-such-host.invalid/", "--timeout", "2", "--json"])
        XCTAssertEqual(dns.status, 3, dns.transcript)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(dns.stdout.utf8)) as? [String: Any])?["networkFailure"] as? String, "dns", dns.stdout)
        let tls = try runProcess(Paths.lambdactl, ["verify-url", Self.base + "/stream", "--timeout", "2"])
        XCTAssertEqual(tls.status, 3, tls.transcript)
        XCTAssertTrue(tls.stdout.contains("error[network]: TLS handshake failed"), tls.stdout)
        XCTAssertTrue(tls.stdout.contains("--ca-file"), tls.stdout)
    }

    func testARedirectIsReportedNotFollowed() throws {
        let result = try verify("/redirect")
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stdout.contains("→ 302"), result.stdout)
        XCTAssertTrue(result.stdout.contains("error[redirect]: status 302 redirecting to /stream"), result.stdout)
    }

    /// A refused signature points at the credentials and the clock when signed, at --iam when not.
    func testARefusedSignaturePointsAtCredentialsNotTheFunction() throws {
        let unsigned = try verify("/badsig")
        XCTAssertEqual(unsigned.status, 1, unsigned.transcript)
        XCTAssertTrue(unsigned.stdout.contains("error[signature]"), unsigned.stdout)
        XCTAssertTrue(unsigned.stdout.contains("Pass --iam"), unsigned.stdout)

        let environment = ["LAMBDACTL_AWS": "/opt/lambdactl-deps/awscli/v2/2.38.5/dist/aws", "AWS_ACCESS_KEY_ID": "test",
                           "AWS_SECRET_ACCESS_KEY": "test", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        let signed = try runProcess(Paths.lambdactl, ["verify-url", Self.base + "/badsig", "--ca-file", caFile, "--iam", "--region", "us-east-1"],
                                    environment: environment)
        XCTAssertEqual(signed.status, 1, signed.transcript)
        XCTAssertTrue(signed.stdout.contains("error[signature]: 403 InvalidSignatureException"), signed.stdout)
        XCTAssertTrue(signed.stdout.contains("clock"), signed.stdout)
        XCTAssertFalse(signed.stdout.contains("function-error"), signed.stdout)
    }

    func testUsageErrorsExitTwo() throws {
        let result = try runProcess(Paths.lambdactl, ["verify-url", "not a url"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("is not an http(s) URL"), result.stderr)
    }
}
