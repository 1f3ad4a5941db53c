import Foundation
import LambdaProcess

/// Drives the user's own `aws` CLI v2, so lambdactl works with whatever the user has set up:
/// profiles, SSO, credential processes, regions.
///
/// Every call gets `--output json` plus the global options; results are decoded with Codable;
/// a failure becomes an `AWSCLIError` chosen by exit code and error code. `log` (for `--verbose`)
/// receives every command, redacted. Credentials never pass through arguments, and the output of
/// commands that return secrets (`configure export-credentials`) is never logged.
public final class AWSCLI: Sendable {
    public let executable: String
    public let version: AWSCLIVersion
    public let options: AWSCLIOptions
    /// The environment the CLI runs with (lambdactl's own, plus `AWS_PAGER=""`).
    public let environment: [String: String]
    /// Receives each command line before it runs (redacted), for `--verbose`.
    public let log: (@Sendable (String) -> Void)?

    public init(executable: String, options: AWSCLIOptions = AWSCLIOptions(),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                log: (@Sendable (String) -> Void)? = nil, allowV1: Bool = false) async throws {
        var environment = environment
        environment["AWS_PAGER"] = ""
        environment["AWS_CLI_AUTO_PROMPT"] = "off"
        self.executable = executable
        self.options = options
        self.environment = environment
        self.log = log
        self.version = try await AWSCLIVersionProbe.version(of: executable, environment: environment, log: log, allowV1: allowV1)
    }

    /// Finds the CLI: `--aws PATH` first, then `LAMBDACTL_AWS`, then `aws` on `PATH`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        func resolve(_ candidate: String) throws -> String {
            if candidate.contains("/") {
                guard FileManager.default.isExecutableFile(atPath: candidate) else { throw AWSCLIError.notExecutable(path: candidate) }
                return candidate
            }
            for directory in searchPath.split(separator: ":") {
                let path = "\(directory)/\(candidate)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            throw AWSCLIError.notFound(searched: "'\(candidate)' is not on PATH")
        }
        if let explicit, !explicit.isEmpty { return try resolve(explicit) }
        if let fromEnvironment = environment["LAMBDACTL_AWS"], !fromEnvironment.isEmpty { return try resolve(fromEnvironment) }
        do {
            return try resolve("aws")
        } catch {
            throw AWSCLIError.notFound(searched: "no --aws option, no LAMBDACTL_AWS, and no aws on PATH")
        }
    }

    /// Throws `tooOld` when this CLI predates `feature`.
    public func require(_ feature: AWSCLIFeature) throws {
        if version < feature.minimumVersion {
            throw AWSCLIError.tooOld(path: executable, version: version, feature: feature)
        }
    }

    /// The full command line for `arguments` (service, operation and its options).
    public func commandLine(_ arguments: [String]) -> [String] {
        [executable] + arguments + options.arguments + ["--output", "json"]
    }

    /// The command line as it is shown to users: one line, shell-quoted, secrets redacted.
    public func display(_ arguments: [String]) -> String {
        CommandRedactor.display(commandLine(arguments))
    }

    /// Runs a command and returns its standard output. `secretOutput` keeps the output out of any
    /// log and error message.
    @discardableResult
    public func run(_ arguments: [String], secretOutput: Bool = false) async throws -> Data {
        let result = try await Self.launch(ChildCommand(commandLine: commandLine(arguments), environment: environment), log: log)
        guard result.status == 0 else {
            throw classify(status: result.status, stderr: result.errorText, arguments: arguments)
        }
        return Data(result.standardOutput)
    }

    /// Runs the CLI with both streams collected, mapping a start failure to the aws-specific fix.
    static func launch(_ command: ChildCommand, log: (@Sendable (String) -> Void)?) async throws -> ChildResult {
        do {
            return try await ChildProcess.run(command, output: .separate(limit: ChildOutput.defaultLimit), echo: log)
        } catch .cannotStart, .notFound, .cannotEnterDirectory {
            throw AWSCLIError.notExecutable(path: command.program)
        } catch {
            throw AWSCLIError.process(error)
        }
    }

    /// Runs a command and decodes its JSON output.
    public func json<T: Decodable>(_ arguments: [String], as type: T.Type = T.self, secretOutput: Bool = false) async throws -> T {
        let data = try await run(arguments, secretOutput: secretOutput)
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw AWSCLIError.decoding(command: display(arguments), detail: secretOutput ? "\(T.self)" : "\(error)")
        }
    }

    /// Turns a failed run into an error that says what to do.
    func classify(status: Int32, stderr: String, arguments: [String]) -> AWSCLIError {
        let command = display(arguments)
        let detail = Self.cleanedMessage(stderr)
        if let service = AWSServiceError(stderr: stderr) {
            if service.code == "NoCredentials" || service.code == "NoCredentialsError" {
                return .credentials(detail: service.message, profile: options.profile)
            }
            return .service(service, command: command)
        }
        switch status {
        case 252:
            for feature in AWSCLIFeature.allCases where stderr.contains("Unknown options") && stderr.contains(feature.rawValue) {
                return .unknownOption(path: executable, version: version, feature: feature)
            }
            return .usage(command: command, detail: detail)
        case 253:
            return .credentials(detail: detail, profile: options.profile)
        case 255 where stderr.contains("Waiter "):
            return .waiterFailed(command: command, detail: detail)
        case 255 where stderr.contains("Could not connect") || stderr.contains("Connect timeout") || stderr.contains("Read timeout")
                || stderr.contains("Connection was closed") || stderr.contains("SSL validation failed"):
            return .connection(detail: detail, endpoint: options.endpointURL)
        case 255 where stderr.contains("profile") && stderr.contains("could not be found"):
            return .credentials(detail: detail, profile: options.profile)
        case 255 where stderr.contains("Token has expired") || stderr.contains("Error loading SSO Token") || stderr.contains("sso"):
            return .credentials(detail: detail, profile: options.profile)
        default:
            return .failed(status: status, command: command, detail: detail)
        }
    }

    /// The CLI's error text without its `aws: [ERROR]: ` prefix and blank lines.
    static func cleanedMessage(_ stderr: String) -> String {
        stderr.split(separator: "\n").map { line -> String in
            var text = String(line)
            for prefix in ["aws: [ERROR]: ", "aws: error: "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
            return text
        }.filter { !$0.trimmed.isEmpty }.joined(separator: "\n")
    }
}
