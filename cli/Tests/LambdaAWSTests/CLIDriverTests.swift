import Foundation
import LambdaTestSupport
import XCTest

/// How lambdactl finds and checks the aws CLI, and how it reports the CLI's failures.
final class CLIDriverTests: AWSTestCase {
    func testDebianAWSCLI2919IsTooOldForInvokeMode() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: LocalAWSServer.awsDebian), "run scripts/deps/aws.sh")
        let result = try lambdactl(["url-config", "fn", "--aws", LocalAWSServer.awsDebian])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("2.9.19"), result.transcript)
        XCTAssertTrue(result.stderr.contains("--invoke-mode"), result.transcript)
        XCTAssertTrue(result.stderr.contains("2.11.10 or newer"), result.transcript)
    }

    /// A build that claims a new enough version but still lacks the option (here Debian's 2.9.19
    /// behind a wrapper that reports 2.31.0): its exit 252 `Unknown options` becomes the same advice.
    func testUnknownOptionExit252IsMappedToUpdateAdvice() throws {
        let wrapper = try temp.write("bin/aws", """
        #!/bin/sh
        if [ "$1" = "--version" ]; then echo "aws-cli/2.31.0 Python/3.11.2 Linux/6 source/x86_64"; exit 0; fi
        exec \(LocalAWSServer.awsDebian) "$@"
        """, mode: 0o755)
        XCTAssertEqual(try aws(["iam", "create-role", "--role-name", "r", "--assume-role-policy-document", "{}"]).status, 0)
        let zip = try makeZip("oldcli.zip", machine: nil)
        XCTAssertEqual(try lambdactl(["deploy", "--zip", zip, "--role", "arn:aws:iam::123456789012:role/r"]).status, 0)
        let result = try lambdactl(["url-config", "oldcli", "--aws", wrapper])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("does not know --invoke-mode (exit 252: Unknown options)"), result.transcript)
        XCTAssertTrue(result.stderr.contains("update AWS CLI v2"), result.transcript)
    }

    func testAnAWSCLIv1IsRefusedAndAMissingOneIsExplained() throws {
        let fake = try temp.write("bin/aws", "#!/bin/sh\necho 'aws-cli/1.45.11 Python/3.11.7 Linux/6 botocore/1.43.11'\n", mode: 0o755)
        let v1 = try lambdactl(["url-config", "fn"], environment: ["LAMBDACTL_AWS": fake])
        XCTAssertEqual(v1.status, 2, v1.transcript)
        XCTAssertTrue(v1.stderr.contains("not AWS CLI v2"), v1.transcript)

        let missing = try lambdactl(["tail", "fn"], environment: ["LAMBDACTL_AWS": "", "PATH": "/nonexistent"])
        XCTAssertEqual(missing.status, 2, missing.transcript)
        XCTAssertTrue(missing.stderr.contains("no aws CLI found"), missing.transcript)
        XCTAssertTrue(missing.stderr.contains("LAMBDACTL_AWS"), missing.transcript)
    }

    func testConnectionRefusedSaysWhereItTried() throws {
        let closed = "http://127.0.0.1:\(Paths.freePort())"
        let result = try lambdactl(["url-config", "fn", "--show", "--endpoint-url", closed], endpoint: false)
        XCTAssertEqual(result.status, 3, result.transcript)
        XCTAssertTrue(result.stderr.contains("could not reach AWS at \(closed)"), result.transcript)
        XCTAssertTrue(result.stderr.contains("is the server running?"), result.transcript)
    }

    func testMissingCredentialsSayHowToLogIn() throws {
        let result = try lambdactl(["url-config", "fn", "--show"], environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("no usable credentials"), result.transcript)
        XCTAssertTrue(result.stderr.contains("aws configure"), result.transcript)

        let profile = try lambdactl(["url-config", "fn", "--show", "--profile", "nosuchprofile"])
        XCTAssertEqual(profile.status, 2, profile.transcript)
        XCTAssertTrue(profile.stderr.contains("nosuchprofile"), profile.transcript)
        XCTAssertTrue(profile.stderr.contains("aws sso login --profile nosuchprofile"), profile.transcript)
    }

    func testServiceErrorNamesTheCodeAndTheFix() throws {
        let result = try lambdactl(["url-config", "no-such-function"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("AWS answered ResourceNotFoundException"), result.transcript)
        XCTAssertTrue(result.stderr.contains("--region"), result.transcript)

        let tail = try lambdactl(["tail", "no-such-function"])
        XCTAssertEqual(tail.status, 1, tail.transcript)
        XCTAssertTrue(tail.stderr.contains("log group /aws/lambda/no-such-function does not exist"), tail.transcript)
    }

    /// Secrets in the environment or in --env never reach the output, even with --verbose.
    func testVerboseShowsCommandsButNoSecrets() throws {
        let zip = try makeZip("secretive.zip", machine: nil)
        let result = try lambdactl(["deploy", "--zip", zip, "--create-role", "--env", "DB_PASSWORD=hunter2-xyz", "-v"],
                                   environment: ["AWS_SECRET_ACCESS_KEY": "VerySecretKey-987", "AWS_SESSION_TOKEN": "SessionTok-654"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("+ \(LocalAWSServer.awsV2) lambda create-function --function-name secretive"), result.transcript)
        for secret in ["hunter2-xyz", "VerySecretKey-987", "SessionTok-654"] {
            XCTAssertFalse(result.stdout.contains(secret) || result.stderr.contains(secret), "\(secret) leaked:\n\(result.transcript)")
        }
        XCTAssertTrue(result.stderr.contains("DB_PASSWORD"), result.transcript)
        // The value itself did reach the function.
        let function = try awsJSON(["lambda", "get-function-configuration", "--function-name", "secretive"])
        XCTAssertEqual((function["Environment"] as? [String: Any])?["Variables"] as? [String: String], ["DB_PASSWORD": "hunter2-xyz"])
    }
}
