import Foundation
import LambdaTestSupport
import XCTest

/// `--json` output of the local commands, parsed by Python's json (the AWS commands' --json is
/// parsed in their own tests against moto).
final class JSONOutputTests: XCTestCase {
    func testEveryLocalJSONOutputParsesWithPython() throws {
        let dir = try TemporaryDirectory("json")
        defer { dir.remove() }
        try dir.write("fn/bootstrap", "#!/bin/sh\necho hi\n", mode: 0o755)
        try dir.write("layer/bin/tool", "#!/bin/sh\n", mode: 0o755)
        // Each command, the section of docs/json.md it is checked against, and its JSON's type.
        let commands: [([String], section: String, type: String)] = [
            (["package", "--dir", "fn", "-o", "fn.zip", "--json"], "package", "dict"),
            (["doctor", "fn.zip", "--json"], "doctor", "dict"),
            (["build-layer", "dir", "layer", "-o", "layer.zip", "--json"], "build-layer dir", "dict"),
            (["config", "--json"], "config", "dict"),
            (["events", "list", "--json"], "events list", "list"),
        ]
        for (command, section, type) in commands {
            let result = try runProcess(Paths.lambdactl, command, currentDirectory: dir.path)
            XCTAssertEqual(result.status, 0, "\(command): \(result.transcript)")
            let parsed = try runProcess("python3", ["-c", "import json, sys; d = json.load(sys.stdin); print(type(d).__name__)"],
                                        input: Data(result.stdout.utf8))
            XCTAssertEqual(parsed.status, 0, "\(command): \(parsed.transcript)")
            XCTAssertEqual(parsed.stdout, type + "\n", "\(command)")
            try JSONDocs.check(section, output: result.stdout)
        }
        // A refusal before any zip exists prints the same document, with fewer report keys.
        let refused = try runProcess(Paths.lambdactl, ["package", "--dir", "nowhere", "--json"], currentDirectory: dir.path)
        XCTAssertEqual(refused.status, 2, refused.transcript)
        try JSONDocs.check("package", output: refused.stdout)
    }

    /// docs/json.md has a section for every command with --json, so none goes undocumented.
    func testEveryCommandWithJSONIsDocumented() throws {
        for command in ["package", "doctor", "build-layer dir", "config", "events list", "deploy", "url-config",
                        "url-config --show", "tail", "delete", "verify-url"] {
            XCTAssertFalse(try JSONDocs.keys(for: command).isEmpty, command)
        }
        for command in ["package", "doctor", "deploy", "url-config", "tail", "delete", "verify-url", "config"] {
            let help = try runProcess(Paths.lambdactl, ["help"] + command.split(separator: " ").map(String.init))
            XCTAssertTrue(help.stdout.contains("--json"), "\(command) has no --json, yet docs/json.md documents one")
        }
    }
}
