import Foundation
import LambdaTestSupport
import XCTest

/// Races neither stand-in produces on cue, played by a wrapper script around the real aws CLI v2
/// (against ministack, which rejects a duplicate Sid and models updates like Lambda). The wrapper
/// acts once, on the first matching call, and passes every call through to the real CLI:
/// - `sid-race`: someone adds their own statement under lambdactl's Sid between lambdactl's
///   get-policy and its add-permission (the add-permission then really conflicts);
/// - `same-statement`: the same public statement lands first (a second url-config run, say);
/// - `update-conflict`: Lambda answers ResourceConflictException to the first configuration update
///   (an update still in progress), injected as the CLI prints it; the retry goes to the server.
final class ConflictInjectionTests: AWSTestCase {
    override class var serverKind: LocalAWSServer.Kind { .ministack }

    func wrapper(_ mode: String) throws -> String {
        let done = temp.file("wrapper-\(mode).done")
        return try temp.write("bin/aws-\(mode)", """
        #!/bin/bash
        real='\(LocalAWSServer.awsV2)'
        if [ ! -e '\(done)' ]; then
          case "\(mode) $*" in
            "sid-race lambda add-permission "*"--statement-id FunctionURLAllowPublicAccess "*)
              touch '\(done)'
              "$real" lambda add-permission --function-name "$4" --statement-id FunctionURLAllowPublicAccess \\
                --action lambda:GetFunction --principal 111122223333 --endpoint-url '\(server.endpoint)' >/dev/null ;;
            "same-statement lambda add-permission "*"--statement-id FunctionURLAllowPublicAccess "*)
              touch '\(done)'
              "$real" "$@" >/dev/null ;;
            "update-conflict lambda update-function-configuration "*)
              touch '\(done)'
              echo "" >&2
              echo "aws: [ERROR]: An error occurred (ResourceConflictException) when calling the UpdateFunctionConfiguration operation: The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:$4" >&2
              exit 254 ;;
          esac
        fi
        exec "$real" "$@"
        """, mode: 0o755)
    }

    func testASidTakenDuringTheCallIsAnErrorThatSaysHowToFreeIt() throws {
        try deployFunction("raced")
        let result = try lambdactl(["url-config", "raced", "--auth", "NONE", "--aws", try wrapper("sid-race")])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("the Sid FunctionURLAllowPublicAccess on raced is held by a statement for lambda:GetFunction"), result.transcript)
        XCTAssertTrue(result.stderr.contains("aws lambda remove-permission --function-name raced --statement-id FunctionURLAllowPublicAccess"), result.transcript)
        XCTAssertFalse(result.stderr.contains("already exists"), result.transcript)
    }

    func testTheSameStatementLandingFirstCountsAsPresent() throws {
        try deployFunction("twice")
        let result = try lambdactl(["url-config", "twice", "--auth", "NONE", "--json", "--aws", try wrapper("same-statement")])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("statement FunctionURLAllowPublicAccess already exists"), result.transcript)
        XCTAssertEqual(parseJSON(result.stdout)["addedStatements"] as? [String], ["FunctionURLAllowInvokeViaURL"], result.transcript)
        let policy = try awsJSON(["lambda", "get-policy", "--function-name", "twice"])
        XCTAssertEqual((parseJSON(policy["Policy"] as? String ?? "{}")["Statement"] as? [Any])?.count, 2)
    }

    func testAConflictingConfigurationUpdateIsRetriedAgainstTheServer() throws {
        try deployFunction("busyfn")
        let result = try lambdactl(["deploy", "--zip", temp.file("busyfn.zip"), "--memory", "512", "--aws", try wrapper("update-conflict")])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("ResourceConflictException: The operation cannot be performed at this time."), result.transcript)
        XCTAssertTrue(result.stderr.contains("retrying in 1 s"), result.transcript)
        XCTAssertEqual(try awsJSON(["lambda", "get-function-configuration", "--function-name", "busyfn"])["MemorySize"] as? Int, 512)
    }
}
