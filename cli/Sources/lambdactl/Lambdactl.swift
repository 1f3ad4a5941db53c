import ArgumentParser

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
        unreadable zip, an unreachable local server); 3 verify-url could not reach the URL; 64 \
        a command-line usage error.
        """,
        version: LambdactlVersion.current,
        subcommands: [
            PackageCommand.self,
            DoctorCommand.self,
            BuildLayerCommand.self,
            DeployCommand.self,
            UrlConfigCommand.self,
            TailCommand.self,
            ServeCommand.self,
            InvokeCommand.self,
            VerifyURLCommand.self,
            InitCommand.self,
            ConfigCommand.self,
        ]
    )
}
