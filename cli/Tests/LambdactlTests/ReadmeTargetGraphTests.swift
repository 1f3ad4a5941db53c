import Foundation
import LambdaTestSupport
import XCTest

/// The README's picture of how the targets depend on each other is the manifest's, as SwiftPM
/// itself reads it (`swift package dump-package`): a target added, removed or given a new
/// dependency without the picture changing fails here.
final class ReadmeTargetGraphTests: XCTestCase {
    /// Targets that are not shown: test support and the fuzzer's executable wrapper.
    private static let unshown: Set<String> = ["LambdaTestSupport", "LambdaRuntimeTestFunction", "lambdactl-fuzz"]

    func testTheREADMEPictureIsTheManifestsGraph() throws {
        let scratch = try TemporaryDirectory("lambdactl-dump-package")
        defer { scratch.remove() }
        // Its own scratch path: the suite's `swift test` holds the lock on cli/.build.
        let dump = try runProcess("swift", ["package", "--package-path", Paths.cliRoot.path, "--scratch-path", scratch.path, "dump-package"])
        XCTAssertEqual(dump.status, 0, dump.transcript)
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var actual: [String: Set<String>] = [:]
        for target in try XCTUnwrap(manifest["targets"] as? [[String: Any]]) {
            guard let name = target["name"] as? String, target["type"] as? String != "test", !Self.unshown.contains(name) else { continue }
            var names = Set<String>()
            for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
                if let byName = dependency["byName"] as? [Any], let target = byName.first as? String {
                    names.insert(target)
                } else if let product = dependency["product"] as? [Any], let productName = product.first as? String {
                    // A product is shown by its package, except the runtime, shown by its product.
                    let package = product.count > 1 ? product[1] as? String : nil
                    names.insert(productName == "LambdaRuntime" ? productName : (package ?? productName).lowercased())
                }
            }
            actual[name] = names
        }

        let readme = try String(contentsOf: Paths.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let pictured = try Self.picture(in: readme)
        XCTAssertEqual(Set(pictured.keys), Set(actual.keys), "README's target picture and cli/Package.swift name different targets")
        for (target, dependencies) in actual {
            XCTAssertEqual(pictured[target], dependencies, "README's picture of \(target)'s dependencies")
        }
    }

    /// The ```text block after "How the targets depend on each other": `TARGET ──> A, B (note), ...`,
    /// continued on indented lines. The root package's line is not a cli target.
    static func picture(in readme: String) throws -> [String: Set<String>] {
        let start = try XCTUnwrap(readme.range(of: "How the targets depend on each other"))
        let fence = try XCTUnwrap(readme.range(of: "```text\n", range: start.upperBound..<readme.endIndex))
        let end = try XCTUnwrap(readme.range(of: "\n```", range: fence.upperBound..<readme.endIndex))
        var entries: [(String, String)] = []
        for line in readme[fence.upperBound..<end.lowerBound].split(separator: "\n") {
            if line.first == " ", let last = entries.indices.last {
                entries[last].1 += ", " + line.trimmingCharacters(in: .whitespaces)
            } else if let arrow = line.range(of: "──>") {
                entries.append((String(line[..<arrow.lowerBound]), String(line[arrow.upperBound...])))
            }
        }
        var result: [String: Set<String>] = [:]
        for (left, right) in entries where !left.contains("(root package)") {
            let target = try XCTUnwrap(left.split(separator: " ").first).description
            // Drop notes in parentheses, then split the list.
            let list = right.replacingOccurrences(of: #"\([^)]*\)"#, with: "", options: .regularExpression)
            let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            result[target] = Set(names.map { $0.hasPrefix("Lambda") || $0.hasPrefix("AWS") || $0.hasPrefix("C") ? $0 : $0.lowercased() })
        }
        return result
    }
}
