import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl url-config` against ministack, which keeps AWS-shaped policy conditions, honours
/// invoke-mode updates and rejects duplicate Sids and second URL configs like AWS.
final class URLConfigTests: AWSTestCase {
    override class var serverKind: LocalAWSServer.Kind { .ministack }

    func statements(_ name: String) throws -> [[String: Any]] {
        let policy = try awsJSON(["lambda", "get-policy", "--function-name", name])
        let document = parseJSON(policy["Policy"] as? String ?? "{}")
        return document["Statement"] as? [[String: Any]] ?? []
    }

    func testPublicURLStreamsWithBothStatementsIdempotentlyThenSwitchesToIAM() throws {
        try deployFunction("web")
        let first = try lambdactl(["url-config", "web", "--auth", "NONE"])
        XCTAssertEqual(first.status, 0, first.transcript)
        XCTAssertTrue(first.stderr.contains("PUBLIC"), first.transcript)
        let config = try awsJSON(["lambda", "get-function-url-config", "--function-name", "web"])
        XCTAssertEqual(config["InvokeMode"] as? String, "RESPONSE_STREAM")
        XCTAssertEqual(config["AuthType"] as? String, "NONE")
        XCTAssertTrue(first.stdout.contains(config["FunctionUrl"] as? String ?? "<none>"), first.transcript)

        var found = try statements("web")
        XCTAssertEqual(found.count, 2, "\(found)")
        let urlStatement = try XCTUnwrap(found.first { ($0["Action"] as? String) == "lambda:InvokeFunctionUrl" }, "\(found)")
        XCTAssertEqual(((urlStatement["Condition"] as? [String: Any])?["StringEquals"] as? [String: Any])?["lambda:FunctionUrlAuthType"] as? String, "NONE")
        let invokeStatement = try XCTUnwrap(found.first { ($0["Action"] as? String) == "lambda:InvokeFunction" }, "\(found)")
        let viaURL = ((invokeStatement["Condition"] as? [String: Any])?["Bool"] as? [String: Any])?["lambda:InvokedViaFunctionUrl"]
        XCTAssertEqual("\(viaURL ?? "missing")".lowercased(), "true", "\(invokeStatement)")

        // Twice: no duplicate statement, no change.
        let second = try lambdactl(["url-config", "web", "--auth", "NONE", "--json"])
        XCTAssertEqual(second.status, 0, second.transcript)
        let result = parseJSON(second.stdout)
        try JSONDocs.check("url-config", output: second.stdout)
        XCTAssertEqual(result["created"] as? Bool, false)
        XCTAssertEqual(result["updated"] as? Bool, false)
        XCTAssertEqual(result["addedStatements"] as? [String], [])
        found = try statements("web")
        XCTAssertEqual(found.count, 2, "\(found)")

        // A statement removed behind lambdactl's back is added again, alone.
        XCTAssertEqual(try aws(["lambda", "remove-permission", "--function-name", "web", "--statement-id", invokeStatement["Sid"] as? String ?? ""]).status, 0)
        let repaired = try lambdactl(["url-config", "web", "--json"])
        XCTAssertEqual(repaired.status, 0, repaired.transcript)
        XCTAssertEqual(parseJSON(repaired.stdout)["addedStatements"] as? [String], ["FunctionURLAllowInvokeViaURL"], repaired.transcript)
        XCTAssertEqual(try statements("web").count, 2)

        // BUFFERED is honoured, and back.
        let dry = try lambdactl(["url-config", "web", "--invoke-mode", "BUFFERED", "--cors-origin", "https://example.com", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.transcript)
        XCTAssertTrue(dry.stdout.contains("lambda update-function-url-config --function-name web --auth-type NONE --invoke-mode BUFFERED --cors '{\"AllowOrigins\":[\"https://example.com\"]}'"), dry.transcript)
        XCTAssertEqual(try awsJSON(["lambda", "get-function-url-config", "--function-name", "web"])["InvokeMode"] as? String, "RESPONSE_STREAM")
        let buffered = try lambdactl(["url-config", "web", "--invoke-mode", "BUFFERED", "--cors-origin", "https://example.com"])
        XCTAssertEqual(buffered.status, 0, buffered.transcript)
        let bufferedConfig = try awsJSON(["lambda", "get-function-url-config", "--function-name", "web"])
        XCTAssertEqual(bufferedConfig["InvokeMode"] as? String, "BUFFERED")
        XCTAssertEqual((bufferedConfig["Cors"] as? [String: Any])?["AllowOrigins"] as? [String], ["https://example.com"])

        // AWS_IAM: statements gone, the caller policy printed, streaming again by default.
        let iam = try lambdactl(["url-config", "web", "--auth", "AWS_IAM"])
        XCTAssertEqual(iam.status, 0, iam.transcript)
        let after = try awsJSON(["lambda", "get-function-url-config", "--function-name", "web"])
        XCTAssertEqual(after["AuthType"] as? String, "AWS_IAM")
        XCTAssertEqual(after["InvokeMode"] as? String, "RESPONSE_STREAM")
        XCTAssertEqual(try statements("web").count, 0)
        let policyStart = try XCTUnwrap(iam.stdout.range(of: "{"), iam.transcript)
        let policy = parseJSON(String(iam.stdout[policyStart.lowerBound...]))
        let actions = ((policy["Statement"] as? [[String: Any]])?.first?["Action"] as? [String]) ?? []
        XCTAssertEqual(Set(actions), ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"], iam.stdout)
        XCTAssertTrue(iam.stdout.contains("arn:aws:lambda:us-east-1:000000000000:function:web"), iam.stdout)

        let show = try lambdactl(["url-config", "web", "--show", "--json"])
        XCTAssertEqual(show.status, 0, show.transcript)
        XCTAssertEqual((parseJSON(show.stdout)["config"] as? [String: Any])?["AuthType"] as? String, "AWS_IAM")
        try JSONDocs.check("url-config --show", output: show.stdout)
    }

    /// The Sid lambdactl uses, already held by an unrelated statement: the public statement is
    /// added under another Sid, not taken as present (the URL would answer 403).
    func testASidTakenByAnotherStatementDoesNotPassForThePublicStatement() throws {
        try deployFunction("taken")
        let own = try aws(["lambda", "add-permission", "--function-name", "taken", "--statement-id", "FunctionURLAllowPublicAccess",
                           "--action", "lambda:GetFunction", "--principal", "111122223333"])
        XCTAssertEqual(own.status, 0, own.transcript)
        let result = try lambdactl(["url-config", "taken", "--auth", "NONE", "--json"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertFalse(result.stderr.contains("already exists"), result.transcript)
        XCTAssertEqual(parseJSON(result.stdout)["addedStatements"] as? [String],
                       ["FunctionURLAllowPublicAccess-lambdactl", "FunctionURLAllowInvokeViaURL"], result.transcript)
        let found = try statements("taken")
        XCTAssertEqual(found.count, 3, "\(found)")
        let urlStatement = try XCTUnwrap(found.first { ($0["Action"] as? String) == "lambda:InvokeFunctionUrl" }, "\(found)")
        XCTAssertEqual(urlStatement["Sid"] as? String, "FunctionURLAllowPublicAccess-lambdactl")
        XCTAssertEqual(((urlStatement["Condition"] as? [String: Any])?["StringEquals"] as? [String: Any])?["lambda:FunctionUrlAuthType"] as? String, "NONE")
        XCTAssertEqual(found.first { ($0["Sid"] as? String) == "FunctionURLAllowPublicAccess" }?["Action"] as? String, "lambda:GetFunction",
                       "the user's own statement is left alone")

        // Idempotent from there on.
        let again = try lambdactl(["url-config", "taken", "--auth", "NONE", "--json"])
        XCTAssertEqual(again.status, 0, again.transcript)
        XCTAssertEqual(parseJSON(again.stdout)["addedStatements"] as? [String], [], again.transcript)
        XCTAssertEqual(try statements("taken").count, 3)
    }

    /// A URL on an alias: the config and the permissions carry the qualifier, the unqualified
    /// function gets no URL, and verify-url --function --alias finds it.
    func testAnAliasGetsItsOwnURLWithQualifiedPermissions() throws {
        let zip = try makeZip("aliased.zip", machine: nil)
        let deployed = try lambdactl(["deploy", "--zip", zip, "--role", "arn:aws:iam::000000000000:role/test-role", "--alias", "live"])
        XCTAssertEqual(deployed.status, 0, deployed.transcript)
        let result = try lambdactl(["url-config", "aliased", "--alias", "live", "--auth", "NONE", "-v"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("create-function-url-config --function-name aliased --qualifier live"), result.transcript)
        XCTAssertTrue(result.stderr.contains("add-permission --function-name aliased --qualifier live"), result.transcript)
        let config = try awsJSON(["lambda", "get-function-url-config", "--function-name", "aliased", "--qualifier", "live"])
        let url = try XCTUnwrap(config["FunctionUrl"] as? String)
        XCTAssertEqual(try aws(["lambda", "get-function-url-config", "--function-name", "aliased"]).status, 254, "no URL on the unqualified function")
        let policy = try awsJSON(["lambda", "get-policy", "--function-name", "aliased", "--qualifier", "live"])
        let found = parseJSON(policy["Policy"] as? String ?? "{}")["Statement"] as? [[String: Any]] ?? []
        XCTAssertEqual(found.count, 2, "\(found)")
        XCTAssertTrue(found.allSatisfy { ($0["Resource"] as? String)?.hasSuffix(":aliased:live") == true }, "\(found)")

        let again = try lambdactl(["url-config", "aliased", "--qualifier", "live", "--json"])
        XCTAssertEqual(again.status, 0, again.transcript)
        XCTAssertEqual(parseJSON(again.stdout)["addedStatements"] as? [String], [], again.transcript)

        let verify = try lambdactl(["verify-url", "--function", "aliased", "--alias", "live", "--timeout", "5", "--json"])
        XCTAssertEqual(parseJSON(verify.stdout)["url"] as? String, url, verify.transcript)
    }

    func testDeployWithURLEndsWithTheURLInItsSummary() throws {
        let zip = try makeZip("withurl.zip", machine: nil)
        let result = try lambdactl(["deploy", "--zip", zip, "--role", "arn:aws:iam::000000000000:role/test-role", "--url", "--auth", "NONE"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let config = try awsJSON(["lambda", "get-function-url-config", "--function-name", "withurl"])
        let url = try XCTUnwrap(config["FunctionUrl"] as? String)
        XCTAssertTrue(result.stdout.contains("URL           \(url) (RESPONSE_STREAM, auth NONE)"), result.transcript)
        XCTAssertTrue(result.stderr.contains("PUBLIC"), result.transcript)
        XCTAssertEqual(try statements("withurl").count, 2)
    }

    /// ministack models Pending/InProgress states (waiters really wait) and honours --architectures.
    func testUpdateWaitsForLambdaAndSwitchesArchitecture() throws {
        let roleArn = "arn:aws:iam::000000000000:role/test-role"
        let x86 = try makeZip("archfn.zip", machine: 62)
        let created = try lambdactl(["deploy", "--zip", x86, "--role", roleArn, "-v"])
        XCTAssertEqual(created.status, 0, created.transcript)
        let arm = try makeZip("archfn.zip", machine: 183)
        let updated = try lambdactl(["deploy", "--zip", arm, "--memory", "512", "-v", "--json"])
        XCTAssertEqual(updated.status, 0, updated.transcript)
        let function = try awsJSON(["lambda", "get-function-configuration", "--function-name", "archfn"])
        XCTAssertEqual(function["Architectures"] as? [String], ["arm64"])
        XCTAssertEqual(function["MemorySize"] as? Int, 512)
        XCTAssertEqual(function["CodeSha256"] as? String, try codeSha256(arm))
        XCTAssertEqual(function["LastUpdateStatus"] as? String, "Successful")
        XCTAssertTrue(updated.stderr.contains("update-function-code --function-name archfn --architectures arm64"), updated.transcript)
    }
}
