import Foundation

/// Makes a command line safe to print: `--environment` values (which often hold API keys or
/// passwords) and anything passed as a secret or token are replaced by `<redacted>`. Credentials
/// never travel on the command line (the CLI reads them from the environment or profile), so the
/// arguments are the only place a secret could leak from in `--verbose` and `--dry-run` output.
public enum CommandRedactor {
    public static let placeholder = "<redacted>"

    /// Options whose whole value is a secret.
    static let secretOptions: Set<String> = ["--secret-access-key", "--session-token", "--aws-secret-access-key", "--password", "--token"]

    public static func redact(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            result.append(argument)
            if index + 1 < arguments.count {
                if argument == "--environment" {
                    result.append(redactEnvironment(arguments[index + 1]))
                    index += 2
                    continue
                }
                if secretOptions.contains(argument) {
                    result.append(placeholder)
                    index += 2
                    continue
                }
            }
            index += 1
        }
        return result
    }

    /// `{"Variables":{"K":"V"}}` → `{"Variables":{"K":"<redacted>"}}`; the names stay visible so a
    /// dry run still shows which variables would be set.
    static func redactEnvironment(_ value: String) -> String {
        guard let data = value.data(using: .utf8),
              let object = try? JSONDecoder().decode([String: [String: String]].self, from: data),
              let variables = object["Variables"] else { return placeholder }
        let redacted = ["Variables": variables.mapValues { _ in placeholder }]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(redacted)).map { String(decoding: $0, as: UTF8.self) } ?? placeholder
    }

    /// A command as one shell-pasteable line (single quotes where needed), redacted.
    public static func display(_ command: [String]) -> String {
        redact(command).map(shellQuote).joined(separator: " ")
    }

    public static func shellQuote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@+%")
        if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
