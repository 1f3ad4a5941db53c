import Foundation
import LambdaTestSupport
import XCTest

/// Every command's help shows examples that use only options the command has, and a mistyped
/// command is a usage error that names the closest one.
final class HelpTests: XCTestCase {
    static let commands = [
        "package", "doctor", "build-layer", "build-layer python", "build-layer dir", "deploy", "url-config",
        "tail", "serve", "invoke", "verify-url", "init", "config", "delete", "events", "events list", "events show",
    ]

    func testEveryCommandHasExamplesThatUseItsOwnOptions() throws {
        for command in Self.commands {
            let words = command.split(separator: " ").map(String.init)
            let help = try runProcess(Paths.lambdactl, ["help"] + words)
            XCTAssertEqual(help.status, 0, help.transcript)
            let lines = help.stdout.components(separatedBy: "\n")
            guard let start = lines.firstIndex(of: "Examples:") else {
                XCTFail("`lambdactl help \(command)` has no Examples section")
                continue
            }
            let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.hasPrefix("#") }
            XCTAssertGreaterThanOrEqual(examples.count, 2, "\(command): \(examples)")
            let options = Set(help.stdout.matches(of: /(?:^|[\s\[,])(--?[A-Za-z][A-Za-z0-9-]*)/).map { String($0.output.1) })
            for example in examples {
                let tokens = example.split(separator: " ").map(String.init)
                let index = try XCTUnwrap(tokens.firstIndex(of: "lambdactl"), example)
                XCTAssertEqual(Array(tokens[(index + 1)...].prefix(words.count)), words, "an example of \(command) runs another command: \(example)")
                for token in tokens where token.hasPrefix("-") {
                    let name = String(token.split(separator: "=").first ?? Substring(token))
                    XCTAssertTrue(options.contains(name), "\(command): the example '\(example)' uses \(name), which the command does not have")
                }
            }
        }
    }

    func testAMistypedCommandIsAUsageErrorThatNamesTheClosest() throws {
        for (typo, meant) in [("pakage", "package"), ("servee", "serve"), ("dep", "deploy"), ("verfy-url", "verify-url")] {
            let result = try runProcess(Paths.lambdactl, [typo])
            XCTAssertEqual(result.status, 64, result.transcript)
            XCTAssertTrue(result.stderr.contains("Did you mean '\(meant)'?"), result.transcript)
        }
        let unknownHelp = try runProcess(Paths.lambdactl, ["help", "pakage"])
        XCTAssertEqual(unknownHelp.status, 64, "help of an unknown command must not print the root help and succeed: \(unknownHelp.transcript)")
        XCTAssertTrue(unknownHelp.stderr.contains("Did you mean 'package'?"), unknownHelp.transcript)
        let nothingClose = try runProcess(Paths.lambdactl, ["xyzzy"])
        XCTAssertEqual(nothingClose.status, 64)
        XCTAssertFalse(nothingClose.stderr.contains("Did you mean"), nothingClose.transcript)
        XCTAssertTrue(nothingClose.stderr.contains("package, doctor"), nothingClose.transcript)
        XCTAssertEqual(try runProcess(Paths.lambdactl, ["help", "package"]).status, 0)
        XCTAssertEqual(try runProcess(Paths.lambdactl, ["help", "build-layer", "python"]).status, 0)
    }
}
