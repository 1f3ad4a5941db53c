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
}
