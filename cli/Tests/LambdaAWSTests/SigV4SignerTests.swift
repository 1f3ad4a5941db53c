import Foundation
import LambdaAWS
import LambdaTestSupport
import XCTest

/// The signer against AWS's published SigV4 test suite (credentials AKIDEXAMPLE, 2015-08-30
/// 12:36:00 UTC, us-east-1, service `service`), and against botocore's own signer for a request
/// shaped like InvokeWithResponseStream.
final class SigV4SignerTests: XCTestCase {
    let suiteCredentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)

    func authorization(_ request: SigV4Signer.Request, signer: SigV4Signer, date: Date) -> String {
        signer.sign(request, date: date).first { $0.0 == "Authorization" }?.1 ?? ""
    }

    func testPublishedVectorsGetVanillaQueryOrderAndPostVanilla() {
        let signer = SigV4Signer(credentials: suiteCredentials, region: "us-east-1", service: "service")
        let host = [("Host", "example.amazonaws.com")]
        let prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="
        XCTAssertEqual(authorization(.init(method: "GET", path: "/", headers: host), signer: signer, date: suiteDate),
                       prefix + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        XCTAssertEqual(authorization(.init(method: "GET", path: "/", query: [("Param2", "value2"), ("Param1", "value1")], headers: host),
                                     signer: signer, date: suiteDate),
                       prefix + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
        XCTAssertEqual(authorization(.init(method: "POST", path: "/", headers: host), signer: signer, date: suiteDate),
                       prefix + "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
        XCTAssertEqual(signer.sign(.init(method: "GET", path: "/", headers: host), date: suiteDate).first?.1, "20150830T123600Z")
    }

    /// botocore (from the moto virtualenv) signs the same request; the Authorization headers must match.
    func testMatchesBotocoreForAStreamingInvokeWithSessionToken() throws {
        let python = "/opt/lambdactl-deps/aws-venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else { return XCTFail("\(python) missing: run scripts/deps/aws.sh") }
        let credentials = AWSCredentials(accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret/with+chars", sessionToken: "token-123")
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "lambda")
        let body = Data(#"{"hello": "world"}"#.utf8)
        let path = "/2021-11-15/functions/my-fn/response-streaming-invocations"
        let request = SigV4Signer.Request(method: "POST", path: path, query: [("Qualifier", "$LATEST")],
                                          headers: [("Host", "lambda.eu-west-1.amazonaws.com"), ("Content-Type", "application/json")], body: body)
        let ours = authorization(request, signer: signer, date: suiteDate)
        let script = """
        import datetime, sys
        from unittest import mock
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        req = AWSRequest(method="POST", url="https://lambda.eu-west-1.amazonaws.com\(path)?Qualifier=%24LATEST",
                         data=b'{"hello": "world"}', headers={"Content-Type": "application/json"})
        with mock.patch("botocore.auth.get_current_datetime", return_value=datetime.datetime(2015, 8, 30, 12, 36, 0)):
            SigV4Auth(Credentials("AKIAEXAMPLE", "secret/with+chars", "token-123"), "lambda", "eu-west-1").add_auth(req)
        print(req.headers["Authorization"])
        """
        let result = try runProcess(python, ["-c", script])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(ours, result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertTrue(ours.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token"), ours)
    }

    func testCredentialsDescriptionHidesTheSecret() {
        let credentials = AWSCredentials(accessKeyId: "AKIAEXAMPLE", secretAccessKey: "very-secret", sessionToken: "tok")
        XCTAssertFalse("\(credentials)".contains("very-secret"))
        XCTAssertFalse("\(credentials)".contains("tok)"))
        XCTAssertTrue("\(credentials)".contains("AKIAEXAMPLE"))
    }

    /// A path and query a user typed (bad percent escapes, dot segments, non-ASCII, repeats) give a
    /// canonical request, not a trap: every byte that is not unreserved is encoded once more.
    func testOddPathsQueriesAndHeadersCanonicalise() {
        let signer = SigV4Signer(credentials: suiteCredentials, region: "us-east-1", service: "lambda")
        let request = SigV4Signer.Request(
            method: "GET", path: "/%zz/ü/../a b//c/%",
            query: [("ü", ""), ("a", "b c"), ("a", ""), ("", "=&")],
            headers: [("Host", "h"), ("X-Odd", "  a   b  "), ("x-odd", "")])
        let canonical = signer.canonicalRequest(request, payloadHash: "UNSIGNED-PAYLOAD")
        XCTAssertEqual(canonical.request, [
            "GET", "/%25zz/a%20b/c/%25", "=%3D%26&%C3%BC=&a=&a=b%20c",
            "host:h\nx-odd:a b,\n", "host;x-odd", "UNSIGNED-PAYLOAD",
        ].joined(separator: "\n"))
        XCTAssertEqual(canonical.signedHeaders, "host;x-odd")
        XCTAssertEqual(signer.canonicalRequest(SigV4Signer.Request(method: "GET", path: "", headers: [])).request.split(separator: "\n", omittingEmptySubsequences: false).prefix(2), ["GET", "/"])
        XCTAssertEqual(signer.canonicalRequest(SigV4Signer.Request(method: "GET", path: "/../..", headers: [])).request.split(separator: "\n", omittingEmptySubsequences: false)[1], "/")
    }
}
