import Foundation
import LambdaTestSupport
import XCTest

/// deploy's settings (tags, log retention, tracing, dotenv, description, /tmp size) against
/// ministack, which applies all of them on create and update like Lambda (moto ignores tracing
/// and /tmp size on update). Unset means untouched: nothing is sent for a setting not asked for.
final class DeploySettingsTests: AWSTestCase {
    override class var serverKind: LocalAWSServer.Kind { .ministack }
    let roleArn = "arn:aws:iam::000000000000:role/test-role"

    func testSettingsAreAppliedOnCreateAndOnlyChangesAreSentOnUpdate() throws {
        let zip = try makeZip("tuned.zip", machine: nil)
        try temp.write(".env", """
        # settings for tuned
        export GREETING="hello world"
        MODE=fromfile   # overridden below
        PLAIN='single $quoted'

        """)
        let created = try lambdactl(["deploy", "--zip", zip, "--role", roleArn, "--tag", "team=a,b", "--tag", "env=dev", "--description", "tuned fn",
                                     "--tracing", "Active", "--ephemeral-storage", "1024", "--log-retention-days", "14",
                                     "--env-file", ".env", "--env", "MODE=override"])
        XCTAssertEqual(created.status, 0, created.transcript)
        var function = try awsJSON(["lambda", "get-function", "--function-name", "tuned"])
        var configuration = function["Configuration"] as? [String: Any] ?? [:]
        XCTAssertEqual(function["Tags"] as? [String: String], ["team": "a,b", "env": "dev"])
        XCTAssertEqual(configuration["Description"] as? String, "tuned fn")
        XCTAssertEqual((configuration["TracingConfig"] as? [String: Any])?["Mode"] as? String, "Active")
        XCTAssertEqual((configuration["EphemeralStorage"] as? [String: Any])?["Size"] as? Int, 1024)
        XCTAssertEqual((configuration["Environment"] as? [String: Any])?["Variables"] as? [String: String],
                       ["GREETING": "hello world", "MODE": "override", "PLAIN": "single $quoted"])
        XCTAssertEqual(try retention("tuned"), 14)

        // The same again: nothing is sent.
        let same = try lambdactl(["deploy", "--zip", zip, "--tag", "team=a,b", "--tag", "env=dev", "--description", "tuned fn", "--tracing", "Active",
                                  "--ephemeral-storage", "1024", "--log-retention-days", "14", "--env-file", ".env", "--env", "MODE=override", "-v"])
        XCTAssertEqual(same.status, 0, same.transcript)
        for call in ["update-function-configuration", "tag-resource", "put-retention-policy", "create-log-group"] {
            XCTAssertFalse(same.stderr.contains(" \(call) "), "\(call) sent:\n\(same.transcript)")
        }

        // Changes: only what differs is sent; other tags and settings stay.
        let changed = try lambdactl(["deploy", "--zip", zip, "--tag", "env=prod", "--tracing", "PassThrough", "--ephemeral-storage", "2048",
                                     "--log-retention-days", "30", "-v"])
        XCTAssertEqual(changed.status, 0, changed.transcript)
        XCTAssertTrue(changed.stderr.contains(#"tag-resource --resource arn:aws:lambda:us-east-1:000000000000:function:tuned --tags '{"env":"prod"}'"#), changed.transcript)
        XCTAssertTrue(changed.stdout.contains("Tags set      env"), changed.transcript)
        function = try awsJSON(["lambda", "get-function", "--function-name", "tuned"])
        configuration = function["Configuration"] as? [String: Any] ?? [:]
        XCTAssertEqual(function["Tags"] as? [String: String], ["team": "a,b", "env": "prod"])
        XCTAssertEqual((configuration["TracingConfig"] as? [String: Any])?["Mode"] as? String, "PassThrough")
        XCTAssertEqual((configuration["EphemeralStorage"] as? [String: Any])?["Size"] as? Int, 2048)
        XCTAssertEqual(configuration["Description"] as? String, "tuned fn", "unset means untouched")
        XCTAssertEqual(((configuration["Environment"] as? [String: Any])?["Variables"] as? [String: String])?["GREETING"], "hello world")
        XCTAssertEqual(try retention("tuned"), 30)
    }

    /// The settings from lambdactl.toml, and a broken dotenv line refused before any call.
    func testSettingsFromTheProjectFileAndABadDotenvLine() throws {
        let zip = try makeZip("fromfile.zip", machine: nil)
        try temp.write("lambdactl.toml", """
        [function]
        name = "fromfile"
        role = "\(roleArn)"
        tags = { owner = "me" }
        tracing = "Active"
        description = "from the file"
        ephemeral_storage = 640
        log_retention_days = 7
        """)
        let dry = try lambdactl(["deploy", "--zip", zip, "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.transcript)
        let create = try XCTUnwrap(dry.stdout.split(separator: "\n").first { $0.contains(" lambda create-function ") }, dry.stdout)
        for part in ["--description 'from the file'", "--tracing-config Mode=Active", "--ephemeral-storage Size=640", #"--tags '{"owner":"me"}'"#] {
            XCTAssertTrue(create.contains(part), "\(part)\n\(create)")
        }
        XCTAssertTrue(dry.stdout.contains("logs put-retention-policy --log-group-name /aws/lambda/fromfile --retention-in-days 7"), dry.stdout)

        try temp.write("bad.env", "GOOD=1\nthis is not a pair\n")
        let bad = try lambdactl(["deploy", "--zip", zip, "--env-file", "bad.env"], environment: ["LAMBDACTL_AWS": "/nonexistent/aws"])
        XCTAssertEqual(bad.status, 2, bad.transcript)
        XCTAssertTrue(bad.stderr.contains("bad.env:2 is not a dotenv line"), bad.transcript)
    }

    func retention(_ function: String) throws -> Int? {
        let groups = try awsJSON(["logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/\(function)"])["logGroups"] as? [[String: Any]] ?? []
        return groups.first { $0["logGroupName"] as? String == "/aws/lambda/\(function)" }?["retentionInDays"] as? Int
    }
}
