import LambdaAWS
import LambdaProcess
import XCTest

/// The pieces that read the CLI's output: service errors, versions, REPORT lines, log lines,
/// policies, and the redaction of command lines.
final class ParsingTests: XCTestCase {
    /// A dotenv file saved with Windows line endings gives the same variables as with "\n": Swift
    /// reads "\r\n" as one Character, and the file used to come out as one variable whose value
    /// held every later line.
    func testEnvFileWithCRLFLineEndings() throws {
        let text = "# settings\r\nMODE=prod\r\nexport GREETING=\"hello world\"\r\n\r\nEMPTY=\r\n"
        XCTAssertEqual(try EnvFile.parse(text, path: ".env"), ["MODE": "prod", "GREETING": "hello world", "EMPTY": ""])
        XCTAssertEqual(try EnvFile.parse(text.replacingOccurrences(of: "\r\n", with: "\n"), path: ".env"),
                       try EnvFile.parse(text, path: ".env"))
        XCTAssertThrowsError(try EnvFile.parse("A=1\r\nnot a line\r\n", path: ".env")) { error in
            XCTAssertTrue("\(error)".contains(":2"), "\(error)")
        }
    }

    func testServiceErrorFromV2Stderr() throws {
        let error = try XCTUnwrap(AWSServiceError(stderr: "\naws: [ERROR]: An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope\n"))
        XCTAssertEqual(error.code, "ResourceNotFoundException")
        XCTAssertEqual(error.operation, "GetFunction")
        XCTAssertEqual(error.message, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope")
    }

    func testVersionParsing() {
        XCTAssertEqual(AWSCLIVersion(versionOutput: "aws-cli/2.38.5 Python/3.14.8 Linux/6.18 docker/x86_64"), AWSCLIVersion(2, 38, 5))
        XCTAssertEqual(AWSCLIVersion(versionOutput: "aws-cli/1.45.11 Python/3.11.7"), AWSCLIVersion(1, 45, 11))
        XCTAssertNil(AWSCLIVersion(versionOutput: "something else"))
        XCTAssertTrue(AWSCLIVersion(2, 9, 19) < AWSCLIFeature.invokeMode.minimumVersion)
    }

    func testReportLine() throws {
        let report = try XCTUnwrap(ReportLine(message: "REPORT RequestId: abc-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tInit Duration: 45.67 ms\t"))
        XCTAssertEqual(report.requestId, "abc-1")
        XCTAssertEqual(report.durationMs, 12.34)
        XCTAssertEqual(report.billedDurationMs, 13)
        XCTAssertEqual(report.memorySizeMB, 128)
        XCTAssertEqual(report.maxMemoryUsedMB, 20)
        XCTAssertEqual(report.initDurationMs, 45.67)
        XCTAssertEqual(report.compact, "REPORT abc-1  12.34 ms (billed 13 ms)  20/128 MB  cold start 45.67 ms")
        XCTAssertNil(ReportLine(message: "START RequestId: abc-1 Version: $LATEST"))
    }

    func testJSONPlatformReport() throws {
        let report = try XCTUnwrap(ReportLine(message: #"{"time":"t","type":"platform.report","record":{"requestId":"abc-2","metrics":{"durationMs":2,"billedDurationMs":2,"memorySizeMB":128,"maxMemoryUsedMB":19}}}"#))
        XCTAssertEqual(report.compact, "REPORT abc-2  2 ms (billed 2 ms)  19/128 MB")
        XCTAssertNil(ReportLine(message: #"{"type":"platform.start","record":{"requestId":"abc-2"}}"#))
        XCTAssertNil(ReportLine(message: #"{"message":"platform.report is just a word here"}"#))
    }

    func testPolicyShapes() throws {
        let aws = """
        {"Version":"2012-10-17","Statement":[
         {"Sid":"a","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"arn","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}},
         {"Sid":"b","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn","Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}},
         {"Sid":"c","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn"}]}
        """
        let policy = try ResourcePolicy(policyJSON: aws)
        XCTAssertEqual(policy.statements.filter(\.isPublicURLStatement).map(\.sid), ["a"])
        XCTAssertEqual(policy.statements.filter(\.isPublicInvokeViaURLStatement).map(\.sid), ["b"])
    }

    func testRedactionKeepsNamesAndHidesValues() {
        let line = CommandRedactor.display(["aws", "lambda", "update-function-configuration", "--environment", #"{"Variables":{"API_KEY":"s3cr3t","MODE":"x"}}"#])
        XCTAssertFalse(line.contains("s3cr3t"), line)
        XCTAssertTrue(line.contains("API_KEY"), line)
        XCTAssertEqual(CommandRedactor.display(["--environment", "not json s3cr3t"]), "--environment '<redacted>'")
    }
}

extension ParsingTests {
    /// An XML error body to a JSON API (moto's auth errors): the code inside wins over the HTTP status.
    func testXMLErrorBodyGivesTheRealCode() throws {
        let stderr = "aws: [ERROR]: An error occurred (403) when calling the GetFunctionUrlConfig operation: <?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></Errors></ErrorResponse>"
        let error = try XCTUnwrap(AWSServiceError(stderr: stderr))
        XCTAssertEqual(error.code, "InvalidClientTokenId")
        XCTAssertEqual(error.message, "The security token included in the request is invalid.")
        XCTAssertEqual(error.operation, "GetFunctionUrlConfig")
    }
}
