import Foundation

/// A dotenv file for `deploy --env-file`: `KEY=VALUE` lines, `#` comments and blank lines,
/// an optional `export ` prefix, values optionally in single quotes (taken as written) or double
/// quotes (with `\n`, `\"` and `\\` escapes). Anything else is an error naming the line, so a
/// typo never reaches the function as a strange variable.
public enum EnvFile {
    public static func parse(_ text: String, path: String) throws -> [String: String] {
        var result: [String: String] = [:]
        // "\r\n" is one Character in Swift, not "\r" then "\n": splitting at "\n" alone left a
        // Windows-edited file as one line, deployed as a single variable holding the rest.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            var line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { throw DeployError.badEnvFile(path: path, line: index + 1) }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(key.first?.isNumber ?? true) else {
                throw DeployError.badEnvFile(path: path, line: index + 1)
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
                value = String(value.dropFirst().dropLast())
            } else if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = unescape(String(value.dropFirst().dropLast()))
            } else if value.hasPrefix("'") || value.hasPrefix("\"") {
                throw DeployError.badEnvFile(path: path, line: index + 1)
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            result[key] = value
        }
        return result
    }

    public static func load(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw DeployError.envFileMissing(path: path) }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func unescape(_ text: String) -> String {
        var result = "", escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }
}
