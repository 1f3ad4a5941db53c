import LambdaProject

/// "Did you mean" for a mistyped subcommand. ArgumentParser reports `lambdactl pakage` only as
/// "Unexpected argument", and `lambdactl help pakage` prints the root help and exits 0, so a typo
/// in a script passes unnoticed; both are usage errors (64) that name the closest command.
enum UnknownCommand {
    /// The message for `arguments` (without the program name) when its first word, or the word
    /// after `help`, is not one of `commands`; nil when the arguments are for ArgumentParser.
    static func problem(in arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        if first == "help" {
            guard let topic = arguments.dropFirst().first, !topic.hasPrefix("-"), !commands.contains(topic) else { return nil }
            return message(for: topic, commands: commands, usage: "lambdactl help COMMAND")
        }
        guard !commands.contains(first) else { return nil }
        return message(for: first, commands: commands, usage: "lambdactl COMMAND")
    }

    static func message(for word: String, commands: [String], usage: String) -> String {
        var text = "error: '\(word)' is not a lambdactl command."
        if let guess = closest(to: word, in: commands) { text += " Did you mean '\(guess)'?" }
        text += "\nUsage: \(usage); the commands are \(commands.joined(separator: ", ")) (lambdactl --help)."
        return text
    }

    /// The command a typo most likely meant: a unique prefix (`dep` for deploy), else the nearest
    /// by edit distance within a third of its length (at least 2).
    static func closest(to word: String, in commands: [String]) -> String? {
        let lowered = word.lowercased()
        let prefixed = commands.filter { $0.hasPrefix(lowered) }
        if prefixed.count == 1 { return prefixed[0] }
        return SpellingSuggestion.closest(to: lowered, among: commands) { max(2, $0.count / 3) }
    }
}
