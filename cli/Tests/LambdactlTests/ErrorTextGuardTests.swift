import Foundation
import LambdaTestSupport
import XCTest

/// A static guard for the rule that no Foundation error text reaches users: every place the CLI
/// target prints a caught error passes it through `ErrorText.describe`, which puts Foundation's
/// file errors in plain words. A new `"error: \(error)"` fails this test.
final class ErrorTextGuardTests: XCTestCase {
    func testTheCLIPrintsCaughtErrorsThroughErrorText() throws {
        let folder = Paths.cliRoot.appendingPathComponent("Sources/lambdactl").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        XCTAssertFalse(files.isEmpty)
        var offenders: [String] = []
        var guarded = 0
        for file in files {
            let lines = try String(contentsOfFile: folder + "/" + file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() {
                if line.contains("ErrorText.describe(") { guarded += 1 }
                // An error interpolated as it describes itself into text for the user.
                if line.range(of: #"error: \\\((error|error\.localizedDescription)\)"#, options: .regularExpression) != nil
                    || line.contains(".localizedDescription") {
                    offenders.append("\(file):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        XCTAssertEqual(offenders, [], "print caught errors as ErrorText.describe(error)")
        XCTAssertGreaterThan(guarded, 10, "the guard no longer sees the CLI's error printing")
    }
}
