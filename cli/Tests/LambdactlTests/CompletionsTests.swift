import Foundation
import LambdaTestSupport
import XCTest

/// The committed completions must be what the current binary generates, so they never go stale.
final class CompletionsTests: XCTestCase {
    func testCommittedCompletionsAreFresh() throws {
        let files = ["bash": "lambdactl.bash", "zsh": "_lambdactl", "fish": "lambdactl.fish"]
        for (shell, file) in files {
            let generated = try runProcess(Paths.lambdactl, ["--generate-completion-script", shell])
            XCTAssertEqual(generated.status, 0, generated.transcript)
            let path = Paths.repositoryRoot.appendingPathComponent("completions/\(file)").path
            let committed = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(committed, generated.stdout, "completions/\(file) is stale: run scripts/update-completions and commit the result")
        }
    }

    /// Options that take a path complete paths (folders for --dir, zips for zip arguments), and
    /// options with fixed values complete those values (#15): read from the fish script, whose
    /// lines name one option each.
    func testPathsAndValuesAreCompleted() throws {
        let fish = try runProcess(Paths.lambdactl, ["--generate-completion-script", "fish"]).stdout.components(separatedBy: "\n")
        func line(_ command: String, _ option: String?) -> String {
            fish.first { text in
                text.contains("\"lambdactl \(command)\"") && (option.map { text.contains("-l '\($0)'") } ?? text.contains("for_positional"))
            } ?? ""
        }
        for (command, option) in [("package", "dir"), ("serve", "dir"), ("package", "package-path")] {
            XCTAssertTrue(line(command, option).contains("complete_directories"), "\(command) --\(option): \(line(command, option))")
        }
        for (command, option) in [("doctor", nil), ("doctor", "layer"), ("serve", "layer"), ("package", "layer"), ("package", "output")] as [(String, String?)] {
            XCTAssertTrue(line(command, option).contains("zip"), "\(command) \(option ?? "ZIP"): \(line(command, option))")
        }
        XCTAssertTrue(line("serve", "isolation").contains("'auto namespace bwrap none'"), line("serve", "isolation"))
        XCTAssertTrue(line("serve", "invoke-mode").contains("'BUFFERED RESPONSE_STREAM'"), line("serve", "invoke-mode"))
    }

    /// `lambdactl help pa<TAB>` completes to `package` (swift-argument-parser offers nothing after
    /// `help`): bash runs the committed script for real; zsh and fish are not on this machine, so
    /// their scripts are checked for the command list.
    func testHelpCompletesCommandNames() throws {
        let script = Paths.repositoryRoot.appendingPathComponent("completions/lambdactl.bash").path
        let result = try runProcess("bash", ["-c", """
            source "$1"
            COMP_WORDS=(lambdactl help pa); COMP_CWORD=2; COMP_LINE="lambdactl help pa"; COMP_POINT=${#COMP_LINE}
            _lambdactl lambdactl pa help
            printf '%s\\n' "${COMPREPLY[@]}"
            """, "bash", script])
        XCTAssertEqual(result.stdout, "package\n", result.transcript)
        for file in ["_lambdactl", "lambdactl.fish"] {
            let text = try String(contentsOf: Paths.repositoryRoot.appendingPathComponent("completions/" + file), encoding: .utf8)
            XCTAssertTrue(text.contains("package doctor build-layer deploy"), "completions/\(file) does not complete commands after help")
        }
    }
}
