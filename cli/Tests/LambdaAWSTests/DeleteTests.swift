import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl delete` against moto (IAM roles with tags, URL configs on aliases, log groups),
/// read back with the real aws CLI v2.
final class DeleteTests: AWSTestCase {
    func testDeleteRemovesTheURLsPermissionsFunctionRoleAndLogsOnlyWithYes() throws {
        let zip = try makeZip("doomed.zip", machine: nil)
        let deployed = try lambdactl(["deploy", "--zip", zip, "--create-role", "--url", "--auth", "NONE", "--alias", "live"])
        XCTAssertEqual(deployed.status, 0, deployed.transcript)
        XCTAssertEqual(try aws(["logs", "create-log-group", "--log-group-name", "/aws/lambda/doomed"]).status, 0)
        let tags = try awsJSON(["iam", "list-role-tags", "--role-name", "lambdactl-doomed"])["Tags"] as? [[String: String]]
        XCTAssertEqual(tags ?? [], [["Key": "created-by", "Value": "lambdactl"]], "deploy --create-role tags the role it makes")

        // Not on a terminal (stdin is a pipe here): the list, then a refusal; nothing changes.
        let refused = try lambdactl(["delete", "doomed", "--role", "--logs"])
        XCTAssertEqual(refused.status, 2, refused.transcript)
        XCTAssertTrue(refused.stdout.contains("function doomed"), refused.transcript)
        XCTAssertTrue(refused.stdout.contains("role lambdactl-doomed (created by lambdactl)"), refused.transcript)
        XCTAssertTrue(refused.stdout.contains("log group /aws/lambda/doomed"), refused.transcript)
        XCTAssertTrue(refused.stderr.contains("pass --yes"), refused.transcript)
        XCTAssertEqual(try aws(["lambda", "get-function", "--function-name", "doomed"]).status, 0)

        let dry = try lambdactl(["delete", "doomed", "--role", "--logs", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.transcript)
        let commands = dry.stdout.split(separator: "\n").map(String.init)
        for expected in ["lambda delete-function-url-config --function-name doomed --qualifier live", "lambda delete-function --function-name doomed",
                         "iam detach-role-policy --role-name lambdactl-doomed --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                         "iam delete-role --role-name lambdactl-doomed", "logs delete-log-group --log-group-name /aws/lambda/doomed"] {
            XCTAssertTrue(commands.contains { $0.contains(" \(expected) ") }, "\(expected)\n\(dry.stdout)")
        }
        XCTAssertTrue(commands.contains { $0.contains(" lambda remove-permission --function-name doomed --qualifier live --statement-id FunctionURLAllowPublicAccess ") }, dry.stdout)
        let deleteFunction = try XCTUnwrap(commands.firstIndex { $0.contains(" lambda delete-function ") })
        let deleteRole = try XCTUnwrap(commands.firstIndex { $0.contains(" iam delete-role ") })
        XCTAssertTrue(commands.prefix(deleteFunction).contains { $0.contains("delete-function-url-config") }, "URLs go before the function")
        XCTAssertLessThan(deleteFunction, deleteRole, "the role goes after the function that uses it")
        XCTAssertEqual(try aws(["iam", "get-role", "--role-name", "lambdactl-doomed"]).status, 0, "a dry run deletes nothing")

        let deleted = try lambdactl(["delete", "doomed", "--role", "--logs", "--yes", "--json"])
        XCTAssertEqual(deleted.status, 0, deleted.transcript)
        try JSONDocs.check("delete", output: deleted.stdout)
        XCTAssertEqual(parseJSON(deleted.stdout)["deleted"] as? Bool, true, deleted.transcript)
        XCTAssertEqual(try aws(["lambda", "get-function", "--function-name", "doomed"]).status, 254)
        XCTAssertEqual(try aws(["iam", "get-role", "--role-name", "lambdactl-doomed"]).status, 254)
        let groups = try awsJSON(["logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/doomed"])["logGroups"] as? [Any]
        XCTAssertEqual(groups?.count ?? 0, 0)

        let again = try lambdactl(["delete", "doomed", "--yes"])
        XCTAssertEqual(again.status, 0, again.transcript)
        XCTAssertTrue(again.stdout.contains("Nothing to delete for doomed"), again.transcript)
    }

    /// A role lambdactl did not create is kept and named, even with --role.
    func testARoleLambdactlDidNotCreateIsKept() throws {
        let roleArn = try role()
        XCTAssertEqual(try lambdactl(["deploy", "--zip", try makeZip("borrowed.zip", machine: nil), "--role", roleArn]).status, 0)
        let result = try lambdactl(["delete", "borrowed", "--role", "--yes"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("kept: role test-role: lambdactl did not create it"), result.transcript)
        XCTAssertEqual(try aws(["lambda", "get-function", "--function-name", "borrowed"]).status, 254)
        XCTAssertEqual(try aws(["iam", "get-role", "--role-name", "test-role"]).status, 0)
    }

    /// On a terminal (a pty from `script`) it asks; anything but y deletes nothing.
    func testOnATerminalItAsks() throws {
        XCTAssertEqual(try lambdactl(["deploy", "--zip", try makeZip("asked.zip", machine: nil), "--role", try role()]).status, 0)
        let command = "\(Paths.lambdactl) delete asked --endpoint-url \(server.endpoint)"
        let declined = try runProcess("script", ["-qec", command, "/dev/null"], environment: environment, input: Data("n\n".utf8))
        XCTAssertEqual(declined.status, 1, declined.transcript)
        XCTAssertTrue(declined.stdout.contains("Delete them? [y/N]"), declined.transcript)
        XCTAssertTrue(declined.stdout.contains("Nothing was deleted."), declined.transcript)
        XCTAssertEqual(try aws(["lambda", "get-function", "--function-name", "asked"]).status, 0)
        let accepted = try runProcess("script", ["-qec", command, "/dev/null"], environment: environment, input: Data("y\n".utf8))
        XCTAssertEqual(accepted.status, 0, accepted.transcript)
        XCTAssertEqual(try aws(["lambda", "get-function", "--function-name", "asked"]).status, 254)
    }
}
