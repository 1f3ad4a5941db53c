import ArgumentParser

/// The shell completion scripts, as swift-argument-parser writes them plus one thing it leaves
/// out: after `lambdactl help` it offers nothing, so `lambdactl help pa<TAB>` did not complete.
/// The generated `help` function of each shell gets the command names; everything else is as
/// generated. scripts/update-completions writes these to completions/.
enum CompletionScript {
    static func script(for shell: CompletionShell, commands: [String]) -> String {
        let generated = Lambdactl.completionScript(for: shell)
        switch shell {
        case .bash:
            let words = commands.map { "'\($0)'" }.joined(separator: "$'\\n'")
            return generated.replacingOccurrences(of: """
                _lambdactl_help() {
                    repeating_flags=()
                    non_repeating_flags=(--version)
                    repeating_options=()
                    non_repeating_options=()
                    __lambdactl_offer_flags_options -1
                }
                """, with: """
                _lambdactl_help() {
                    repeating_flags=()
                    non_repeating_flags=(--version)
                    repeating_options=()
                    non_repeating_options=()
                    __lambdactl_offer_flags_options -1
                    # lambdactl: the commands help takes.
                    __lambdactl_add_completions -W \(words)
                }
                """)
        case .zsh:
            return generated.replacingOccurrences(of: """
                _lambdactl_help() {
                    local -i ret=1
                    local -ar arg_specs=(
                        '*:subcommands:'
                """, with: """
                _lambdactl_help() {
                    local -i ret=1
                    local -ar arg_specs=(
                        '1:command:(\(commands.joined(separator: " ")))'
                        '*:subcommands:'
                """)
        case .fish:
            return generated + (generated.hasSuffix("\n") ? "" : "\n") + """
                # lambdactl: the commands help takes.
                complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl help" -eq 1' -fa '\(commands.joined(separator: " "))'
                """
        default:
            return generated
        }
    }
}
