import ArgumentParser
import LambdaArchive
import Foundation
import LambdaAWS

/// The options every command that talks to AWS shares: which `aws` CLI, which profile, region
/// and endpoint, and `--verbose` to see each aws command (secrets redacted).
struct AWSCommandOptions: ParsableArguments {
    @Option(name: .customLong("aws"), help: ArgumentHelp("The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).", valueName: "path"), completion: .file())
    var awsPath: String?

    @Option(name: .long, help: ArgumentHelp("The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).", valueName: "name"))
    var profile: String?

    @Option(name: .long, help: ArgumentHelp("The AWS region (passed as --region; default: the profile's or AWS_REGION).", valueName: "region"))
    var region: String?

    @Option(name: .long, help: ArgumentHelp("Send AWS calls to this endpoint instead (LocalStack, moto, ministack).", valueName: "url"))
    var endpointURL: String?

    @Flag(name: [.short, .long], help: "Print each aws command before it runs (on standard error, secrets redacted).")
    var verbose = false

    /// The driver for the user's aws CLI, or a clear error and exit 2. `--profile`/`--region`
    /// default to `[aws]` in lambdactl.toml.
    /// `allowV1`: only `tail` can work with AWS CLI v1 (by polling filter-log-events).
    func makeCLI(allowV1: Bool = false) async throws -> AWSCLI {
        let verbose = self.verbose
        do {
            let path = try AWSCLI.locate(explicit: awsPath)
            var log: (@Sendable (String) -> Void)?
            if verbose { log = { @Sendable line in FileHandle.standardError.write(Data((line + "\n").utf8)) } }
            let project = try Project.config()
            let options = AWSCLIOptions(profile: profile ?? project.string("aws.profile"), region: region ?? project.string("aws.region"), endpointURL: endpointURL)
            return try await AWSCLI(executable: path, options: options, log: log, allowV1: allowV1)
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("error: \(ErrorText.describe(error))")
            throw ExitCode(exitStatus(for: error))
        }
    }
}

/// Runs `body`, turning lambdactl's own errors into `error: ...` on standard error and the exit
/// status the error stands for (`ExitCoded`; 1 for any other).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("error: \(ErrorText.describe(error))")
        throw ExitCode(exitStatus(for: error))
    }
}

/// `reportingErrors` for a body that awaits (the aws CLI and build tools run asynchronously).
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("error: \(ErrorText.describe(error))")
        throw ExitCode(exitStatus(for: error))
    }
}

/// One policy for every command: `ExitCoded` errors say their status; a `ValidationError` thrown
/// while running (not while parsing) is bad input, 2; anything else is a failure, 1.
func exitStatus(for error: Error) -> Int32 {
    if let coded = error as? ExitCoded { return coded.exitCode }
    if error is ValidationError { return 2 }
    return 1
}

/// JSON for `--json` output: sorted keys, no escaped slashes, so it is stable and readable.
func jsonText<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}

/// `--dry-run` output: the aws commands that would change something, one per line.
func printDryRun(_ commands: [String]) {
    print(commands.isEmpty ? "# dry run: nothing to change" : "# dry run: these commands would run")
    for command in commands { print(command) }
}

/// Progress lines for long steps (uploads, waits), on standard error with the time since the
/// command started: `[  4.2s] updating code of words (x86_64, 3.1 KB)`.
func progressPrinter() -> @Sendable (String) -> Void {
    let start = Date()
    return { line in
        let stamp = String(format: "[%5.1fs] ", Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data((stamp + line + "\n").utf8))
    }
}
