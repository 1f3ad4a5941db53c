import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl init` writes templates compiled into the binary; they must be what templates/ holds.
final class EmbeddedTemplatesTests: XCTestCase {
    /// The committed cli/Sources/LambdaScaffold/EmbeddedTemplates.swift is what the script generates now.
    func testEmbeddedTemplatesAreFresh() throws {
        let script = Paths.repositoryRoot.appendingPathComponent("scripts/update-templates").path
        let generated = try runProcess("python3", [script, "--stdout"])
        XCTAssertEqual(generated.status, 0, generated.transcript)
        let path = Paths.cliRoot.appendingPathComponent("Sources/LambdaScaffold/EmbeddedTemplates.swift").path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(generated.stdout.isEmpty)
        XCTAssertEqual(committed, generated.stdout, "cli/Sources/LambdaScaffold/EmbeddedTemplates.swift is stale: run scripts/update-templates and commit the result")
    }

    /// What init writes from the binary is byte for byte the template's file (the raw string
    /// literals lose nothing: quotes, backslashes, trailing newlines). Package.swift and README.md
    /// are the project's own (InitRuntimeSourceTests checks them).
    func testInitWritesTheTemplatesFilesUnchanged() throws {
        let directory = try TemporaryDirectory("lambdactl-embedded")
        defer { directory.remove() }
        let templates = Paths.repositoryRoot.appendingPathComponent("templates")
        let unchanged = [
            "python-stream": ["bootstrap", "runtime.py", "lambda_function.py"],
            "swift-stream": ["Sources/bootstrap/main.swift", "Sources/bootstrap/WordStreamRequest.swift"],
            "swift-url": ["Sources/bootstrap/main.swift", "Sources/bootstrap/WordStreamRequest.swift"],
        ]
        for (template, files) in unchanged {
            let project = directory.path + "/" + template
            let result = try runProcess(Paths.lambdactl, ["init", "p", "--template", template, "--output-dir", project])
            XCTAssertEqual(result.status, 0, result.transcript)
            for file in files {
                let original = try Data(contentsOf: templates.appendingPathComponent("\(template)/\(file)"))
                let written = try Data(contentsOf: URL(fileURLWithPath: project + "/" + file))
                XCTAssertEqual(written, original, "\(template)/\(file) differs from templates/")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: project + "/Package.resolved"), "Package.resolved must not be copied")
        }
    }
}
