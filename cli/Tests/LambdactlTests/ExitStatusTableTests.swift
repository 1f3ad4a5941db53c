import Foundation
import LambdaTestSupport
import XCTest

/// The README's exit status table, run: one documented failure (or success) per row, across the
/// commands, each with the status it must give and a word of the message it must print. The
/// AWS commands' rows need no server: the aws CLI they would call does not exist, and each row is
/// refused before it is needed. ExitCodeTests and the moto tests cover what needs AWS.
final class ExitStatusTableTests: XCTestCase {
    private struct Row {
        var arguments: [String]
        var status: Int32
        var says: String
        init(_ arguments: [String], _ status: Int32, _ says: String) {
            self.arguments = arguments
            self.status = status
            self.says = says
        }
    }

    func testEveryDocumentedStatus() throws {
        let dir = try TemporaryDirectory("lambdactl-exit-table")
        defer { dir.remove() }
        try dir.write("fn/bootstrap", "#!/bin/sh\necho hi\n", mode: 0o755)
        try dir.write("zsh/bootstrap", "#!/bin/zsh\necho hi\n", mode: 0o755)
        try dir.write("empty/readme.txt", "x\n")
        try dir.write("not-a.zip", "plain text\n")
        try dir.write("broken/lambdactl.toml", "[function]\nmemory = 99999\n")
        let closed = String(Paths.freePort())

        let rows: [Row] = [
            // 0: it worked.
            Row(["package", "--dir", "fn", "-o", "fn.zip"], 0, "Packaged"),
            Row(["doctor", "fn.zip"], 0, "no problems found"),
            Row(["events", "list"], 0, "sqs"),
            // 1: a check, a function or an expectation failed.
            Row(["package", "--dir", "zsh", "-o", "zsh.zip"], 1, "zsh"),
            Row(["package", "--dir", "empty", "-o", "e.zip"], 1, "bootstrap"),
            // 2: bad input or configuration.
            Row(["package", "--dir", "nowhere"], 2, "nowhere"),
            Row(["package", "--binary", "nowhere"], 2, "nowhere"),
            Row(["doctor", "nowhere.zip"], 2, "nowhere.zip"),
            Row(["doctor", "not-a.zip"], 2, "Not a zip archive"),
            Row(["doctor", "fn"], 2, "it is a folder"),
            Row(["serve", "nowhere.zip", "--port", "0"], 2, "does not exist"),
            Row(["build-layer", "dir", "nowhere"], 2, "empty or missing"),
            Row(["invoke", "--local", "--port", closed, "--data", "{"], 2, "not valid JSON"),
            Row(["events", "show", "s3", "--data", "{}"], 2, "no place"),
            Row(["deploy", "--zip", "nowhere.zip", "--role", "arn:aws:iam::1:role/r"], 2, "no zip at"),
            Row(["tail", "fn", "--since", "banana"], 2, "--since"),
            Row(["config"], 2, "memory"),
            // 3: the network.
            Row(["invoke", "--local", "--port", closed], 3, "lambdactl serve"),
            Row(["verify-url", "http://127.0.0.1:\(closed)/", "--timeout", "5"], 3, "refused"),
            // 64: usage.
            Row(["pakage"], 64, "Did you mean 'package'?"),
            Row(["help", "pakage"], 64, "Did you mean 'package'?"),
            Row(["package", "--compression-level", "12", "--dir", "fn"], 64, "--compression-level"),
            Row(["package", "--dir", "fn", "--binary", "/bin/true"], 64, "has a bootstrap"),
            Row(["serve", "--dir", "fn", "--port", "99999"], 64, "--port"),
            Row(["init", "bad name!"], 64, "not a valid function name"),
            Row(["events", "show", "nope"], 64, "nope"),
            Row(["invoke", "--local", "--event", "sqs", "--url-event"], 64, "--url-event"),
        ]
        for row in rows {
            let folder = row.arguments == ["config"] ? dir.file("broken") : dir.path
            let result = try runProcess(Paths.lambdactl, row.arguments, environment: [
                "LAMBDACTL_AWS": "/nonexistent/aws", "XDG_CACHE_HOME": dir.file("cache"), "PATH": "/usr/bin:/bin",
            ], currentDirectory: folder)
            XCTAssertEqual(result.status, row.status, "lambdactl \(row.arguments.joined(separator: " ")): \(result.transcript)")
            XCTAssertTrue((result.stdout + result.stderr).contains(row.says),
                          "lambdactl \(row.arguments.joined(separator: " ")) should say '\(row.says)': \(result.transcript)")
        }
    }
}
