import ArgumentParser

/// The `lambdactl` command: parses arguments and prints; the work happens in the library targets.
@main
struct Lambdactl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambdactl",
        abstract: "Take a function from source to a streaming AWS Lambda on provided.al2023, and prove it streams.",
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
        ]
    )
}
