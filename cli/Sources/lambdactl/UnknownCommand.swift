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
    /// by edit distance (a swap of two letters counts as one edit) within a third of its length.
    static func closest(to word: String, in commands: [String]) -> String? {
        let lowered = word.lowercased()
        let prefixed = commands.filter { $0.hasPrefix(lowered) }
        if prefixed.count == 1 { return prefixed[0] }
        let scored = commands.map { (command: $0, distance: distance(Array(lowered), Array($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }),
              best.distance <= max(2, best.command.count / 3) else { return nil }
        return best.command
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
