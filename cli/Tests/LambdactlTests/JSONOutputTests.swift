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
        let commands: [[String]] = [
            ["package", "--dir", "fn", "-o", "fn.zip", "--json"],
            ["doctor", "fn.zip", "--json"],
            ["build-layer", "dir", "layer", "-o", "layer.zip", "--json"],
            ["config", "--json"],
        ]
        for command in commands {
            let result = try runProcess(Paths.lambdactl, command, currentDirectory: dir.path)
            XCTAssertEqual(result.status, 0, "\(command): \(result.transcript)")
            let parsed = try runProcess("python3", ["-c", "import json, sys; d = json.load(sys.stdin); print(type(d).__name__)"],
                                        input: Data(result.stdout.utf8))
            XCTAssertEqual(parsed.status, 0, "\(command): \(parsed.transcript)")
            XCTAssertEqual(parsed.stdout, "dict\n", "\(command)")
        }
    }
}
