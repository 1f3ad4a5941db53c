import Foundation
import XCTest

/// docs/json.md, read the way a user reads it: one table of keys per command. `check` compares a
/// command's real output with its table, both ways, so the documentation cannot drift.
public enum JSONDocs {
    public struct Key: Equatable {
        public var name: String
        public var optional: Bool
    }

    /// The keys documented under `## \`lambdactl COMMAND --json\``.
    public static func keys(for command: String) throws -> [Key] {
        let text = try String(contentsOf: Paths.repositoryRoot.appendingPathComponent("docs/json.md"), encoding: .utf8)
        let heading = "## `lambdactl \(command) --json`"
        guard let start = text.range(of: heading + "\n") else {
            throw NSError(domain: "JSONDocs", code: 1, userInfo: [NSLocalizedDescriptionKey: "docs/json.md has no section \(heading)"])
        }
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var keys: [Key] = []
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            keys.append(Key(name: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), optional: cells[1].contains("optional")))
        }
        return keys
    }

    /// The keys of a JSON document as docs/json.md writes them: top-level keys, `report.X` one level
    /// into `report`, and `[].X` for the elements of a top-level array.
    public static func keys(ofJSON text: String) throws -> Set<String> {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        var names = Set<String>()
        if let array = value as? [[String: Any]] {
            for element in array { for key in element.keys { names.insert("[]." + key) } }
        } else if let object = value as? [String: Any] {
            for (key, child) in object {
                names.insert(key)
                if key == "report", let report = child as? [String: Any] {
                    for nested in report.keys { names.insert("report." + nested) }
                }
            }
        }
        return names
    }

    /// Fails unless `output` (one JSON document) has every required key of `command`'s table and
    /// no key the table lacks.
    public static func check(_ command: String, output: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let documented = try keys(for: command)
        let actual = try keys(ofJSON: output)
        let names = Set(documented.map(\.name))
        XCTAssertEqual(actual.subtracting(names), [], "`\(command) --json` prints keys docs/json.md does not list", file: file, line: line)
        let required = Set(documented.filter { !$0.optional }.map(\.name))
        XCTAssertEqual(required.subtracting(actual), [], "docs/json.md lists keys `\(command) --json` did not print", file: file, line: line)
    }
}
