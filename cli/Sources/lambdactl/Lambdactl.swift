import ArgumentParser
import LambdaArchive
import Foundation

/// The `lambdactl` command: parses arguments and prints; the work happens in the library targets.
@main
struct Lambdactl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambdactl",
        abstract: "Take a function from source to a streaming AWS Lambda on provided.al2023, and prove it streams.",
        discussion: """
        Every command reads ./lambdactl.toml (or $LAMBDACTL_CONFIG) when present; flags override \
        it (see `lambdactl config`). Commands that report something take --json; -v/--verbose \
        prints every external command (aws, docker, swift) before it runs; colours are off with \
        NO_COLOR or when the output is not a terminal.

        Exit status: 0 success; 1 a check, a function or an expectation failed (the message says \
        which and how to fix it); 2 bad input or configuration (a broken lambdactl.toml, an \
        unreadable zip, an aws CLI that is missing or too old, no credentials, an endpoint that \
        is not Lambda's API); 3 the network (AWS, the URL, or `lambdactl serve` for invoke --local \
        could not be reached); 64 a command-line usage error.
        """,
        version: LambdactlVersion.current,
        subcommands: [
            PackageCommand.self,
            DoctorCommand.self,
            BuildLayerCommand.self,
            DeployCommand.self,
            UrlConfigCommand.self,
            DeleteCommand.self,
            TailCommand.self,
            ServeCommand.self,
            InvokeCommand.self,
            VerifyURLCommand.self,
            InitCommand.self,
            ConfigCommand.self,
            EventsCommand.self,
        ]
    )

    /// Catches a mistyped command before ArgumentParser (see `UnknownCommand`), then runs as usual.
    static func main() async {
        let commands = configuration.subcommands.map { $0._commandName }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count == 2, arguments[0] == "--generate-completion-script", let shell = CompletionShell(rawValue: arguments[1]) {
            print(CompletionScript.script(for: shell, commands: commands))
            Foundation.exit(0)
        }
        if let problem = UnknownCommand.problem(in: Array(CommandLine.arguments.dropFirst()), commands: commands) {
            FileHandle.standardError.write(Data((problem + "\n").utf8))
            Foundation.exit(64)
        }
        // ArgumentParser's own main would print an error that escapes a command as it describes
        // itself: for Foundation's file errors that is "The operation could not be completed"
        // text, so those are put in plain words here (same exit status, 1).
        do {
            var command = try parseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch where ErrorText.isFoundationError(error) {
            printError("error: \(ErrorText.describe(error))")
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
