import ArgumentParser
import Foundation
import LambdaArchive
import LambdaAWS

/// `lambdactl deploy`: create or update the function from a checked zip, through the user's aws CLI.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Create or update a Lambda function from a zip, idempotently, through your aws CLI v2.",
        discussion: """
        The package checks run first (bootstrap, permissions, glibc, architecture); a zip whose \
        bootstrap is built for another architecture than --arch is refused before any AWS call. An \
        existing function is updated (code with --architectures, then configuration), waiting for \
        Lambda between steps and retrying ResourceConflictException with backoff; code whose \
        CodeSha256 equals the function's is not uploaded again. Layer zips are published as layer \
        versions (reused when unchanged) and attached. Zips over 50 MB go through --s3-bucket. \
        --dry-run prints the aws commands that would change something and changes nothing.

        Examples:
          # create or update the project's function, with a role made for it
          lambdactl deploy --create-role
          # see the aws commands first, change nothing
          lambdactl deploy --dry-run
          # a zip with its layer zip (published as a layer version on the way)
          lambdactl deploy --function words --zip words.zip --layer python-layer.zip
          # more memory and time, and a public streaming Function URL
          lambdactl deploy --memory 256 --timeout 30 --url --auth NONE
        """
    )

    @OptionGroup var aws: AWSCommandOptions

    @Option(name: .long, help: ArgumentHelp("The function name (default: lambdactl.toml's, else the zip's file name without .zip).", valueName: "name"))
    var function: String?

    @Option(name: .long, help: ArgumentHelp("The deployment zip (default: .lambdactl/<function>.zip, else the only zip in .lambdactl/).", valueName: "path"), completion: .file(extensions: ["zip"]))
    var zip: String?

    @Option(name: .long, help: "The function's architecture (default: the bootstrap binary's, else x86_64).")
    var arch: Architecture?

    @Option(name: .long, help: "The runtime (default: lambdactl.toml's, else an existing function's, else provided.al2023).")
    var runtime: TargetRuntime?

    @Option(name: .long, help: ArgumentHelp("The execution role for a new function.", valueName: "arn"))
    var role: String?

    @Flag(name: .long, help: "Create (or reuse) the role lambdactl-<function> with AWSLambdaBasicExecutionRole for a new function.")
    var createRole = false

    @Option(name: .long, help: ArgumentHelp("A layer version ARN to attach, or a layer zip to publish and attach (repeatable, in order).", valueName: "arn|zip"), completion: .file(extensions: ["zip"]))
    var layer: [String] = []

    @Option(name: .long, help: ArgumentHelp("Memory in MB (128-10240).", valueName: "mb"))
    var memory: Int?

    @Option(name: .long, help: ArgumentHelp("Timeout in seconds (1-900).", valueName: "s"))
    var timeout: Int?

    @Option(name: .long, help: ArgumentHelp("An environment variable (repeatable); given at all, the list replaces the function's.", valueName: "KEY=VALUE"))
    var env: [String] = []

    @Option(name: .long, help: ArgumentHelp("A dotenv file of environment variables (KEY=VALUE lines); --env entries override it.", valueName: "file"), completion: .file())
    var envFile: String?

    @Option(name: .long, help: ArgumentHelp("A tag to set on the function (repeatable); tags not given are left alone.", valueName: "KEY=VALUE"))
    var tag: [String] = []

    @Option(name: .long, help: ArgumentHelp("The function's description.", valueName: "text"))
    var description: String?

    @Option(name: .long, help: "X-Ray tracing: Active or PassThrough.")
    var tracing: TracingMode?

    @Option(name: .long, help: ArgumentHelp("/tmp size in MB (512-10240).", valueName: "mb"))
    var ephemeralStorage: Int?

    @Option(name: .long, help: ArgumentHelp("Keep the function's logs this many days (1, 3, 5, 7, 14, 30, 60, 90, ... 3653); creates the log group if needed.", valueName: "days"))
    var logRetentionDays: Int?

    @Option(name: .long, help: ArgumentHelp("An S3 bucket for zips over 50 MB (uploaded as lambdactl/<function>/<sha256>.zip).", valueName: "bucket"))
    var s3Bucket: String?

    @Flag(name: .long, help: "Also make sure the function has a Function URL in RESPONSE_STREAM mode (see url-config).")
    var url = false

    @Option(name: .long, help: "The URL's auth type with --url: AWS_IAM (signed callers) or NONE (public). Default: keep, AWS_IAM for a new URL.")
    var auth: URLAuthTypeArgument?

    @Flag(name: .long, help: "Publish a version (described by its CodeSha256) once code and configuration are in place; unchanged code publishes nothing new.")
    var publish = false

    @Option(name: .long, help: ArgumentHelp("Create or move this alias to the published version (implies --publish; --url then configures the alias's URL).", valueName: "name"))
    var alias: String?

    @Flag(name: .long, help: "Print the aws commands that would change something, and change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print the summary as one JSON object.")
    var json = false

    func validate() throws {
        if let memory, !(128...10240).contains(memory) { throw ValidationError("--memory must be 128 to 10240 MB, not \(memory).") }
        if let timeout, !(1...900).contains(timeout) { throw ValidationError("--timeout must be 1 to 900 seconds, not \(timeout).") }
        if auth != nil && !url { throw ValidationError("--auth applies to the Function URL: add --url.") }
        if role != nil && createRole { throw ValidationError("pass either --role ARN or --create-role, not both.") }
        if let ephemeralStorage, !(512...10240).contains(ephemeralStorage) {
            throw ValidationError("--ephemeral-storage must be 512 to 10240 MB, not \(ephemeralStorage).")
        }
        if let logRetentionDays, !DeployOptions.retentionDays.contains(logRetentionDays) {
            throw ValidationError("--log-retention-days must be one of \(DeployOptions.retentionDays.sorted().map(String.init).joined(separator: ", ")), not \(logRetentionDays).")
        }
    }

    func run() async throws {
        // Flags first, then lambdactl.toml ([function], [url], [aws]).
        let project = try Project.config()
        let configuredName = try Project.functionName(function)
        let zipPath = try reportingErrors { try resolveZip(name: configuredName) }
        let name = configuredName ?? URL(fileURLWithPath: zipPath).deletingPathExtension().lastPathComponent
        let arch = try Project.architecture(self.arch)
        // No runtime given anywhere: an existing function keeps its own (provided.al2023 for a new one).
        let runtime = self.runtime ?? project.string("function.runtime").flatMap(TargetRuntime.init(rawValue:))
        let role = self.role ?? (createRole ? nil : project.string("function.role"))
        let layer = try Project.layers(self.layer)
        let memory = self.memory ?? project.integer("function.memory")
        let timeout = self.timeout ?? project.integer("function.timeout")
        let env = try Project.environment(self.env)
        let auth = self.auth ?? (url ? project.string("url.auth").flatMap { URLAuthTypeArgument(argument: $0) } : nil)
        // The dotenv file first, then --env (or [function] env) over it; neither: untouched.
        let envFile = self.envFile ?? project.string("function.env_file")
        let environment: [String: String]? = try reportingErrors {
            let fromFile = try envFile.map { try EnvFile.load($0) }
            let fromList = env.isEmpty ? nil : try DeployOptions.parseEnvironment(env)
            guard fromFile != nil || fromList != nil else { return nil }
            return (fromFile ?? [:]).merging(fromList ?? [:]) { $1 }
        }
        let tags: [String: String]? = try reportingErrors { tag.isEmpty ? project.table("function.tags") : try DeployOptions.parseTags(tag) }
        let tracing = self.tracing ?? project.string("function.tracing").flatMap(TracingMode.init(rawValue:))
        let ephemeralStorage = self.ephemeralStorage ?? project.integer("function.ephemeral_storage")
        let logRetentionDays = self.logRetentionDays ?? project.integer("function.log_retention_days")
        if let logRetentionDays, !DeployOptions.retentionDays.contains(logRetentionDays) {
            printError("error: log_retention_days must be one of \(DeployOptions.retentionDays.sorted().map(String.init).joined(separator: ", ")), not \(logRetentionDays).")
            throw ExitCode(2)
        }
        var options = DeployOptions(functionName: name, zipPath: zipPath, architecture: arch, runtime: runtime, role: role,
                                    createRole: createRole, layers: layer, memory: memory, timeout: timeout, environment: environment,
                                    s3Bucket: s3Bucket, url: url, urlAuth: auth?.value, dryRun: dryRun)
        options.tags = tags
        options.description = description ?? project.string("function.description")
        options.tracing = tracing
        options.ephemeralStorageMB = ephemeralStorage
        options.logRetentionDays = logRetentionDays
        options.publish = publish || alias != nil
        options.alias = alias
        // Everything that needs no AWS call is checked before the aws CLI is even looked for.
        try reportingErrors { _ = try Deployer.checkBeforeCalls(options) }
        let cli = try await aws.makeCLI()
        let executor = ChangeExecutor(cli: cli, dryRun: dryRun, progress: progressPrinter())
        let result = try await reportingErrors { try await Deployer(executor: executor).deploy(options) }
        if json {
            print(jsonText(result))
            return
        }
        if dryRun {
            printDryRun(result.plannedCommands)
            return
        }
        print("\(result.action == "unchanged" ? "Unchanged" : result.action == "created" ? "Created" : "Updated") \(result.functionName)")
        print("  ARN           \(result.functionArn)")
        print("  Architecture  \(result.architecture)")
        print("  Runtime       \(result.runtime)")
        print("  CodeSha256    \(result.codeSha256)\(result.codeUploaded ? " (uploaded\(result.codeVia.map { $0 == "direct" ? "" : " via \($0)" } ?? ""))" : " (unchanged, not uploaded)")")
        print("  Layers        \(result.layers.isEmpty ? "none" : result.layers.joined(separator: "\n                "))")
        if !result.tagsSet.isEmpty { print("  Tags set      \(result.tagsSet.joined(separator: ", "))") }
        if let days = result.logRetentionDays { print("  Logs          /aws/lambda/\(result.functionName), kept \(days) days") }
        if let version = result.version { print("  Version       \(version)") }
        if let alias = result.alias, let version = result.version { print("  Alias         \(alias) → \(version) (\(result.aliasAction ?? "?"))") }
        if let url = result.url {
            if result.urlAuthType == URLAuthType.none.rawValue {
                printError("WARNING: auth NONE makes \(url) PUBLIC: anyone who finds it can invoke \(result.functionName), and you pay for every call.")
            }
            print("  URL           \(url) (\(result.urlInvokeMode ?? "BUFFERED"), auth \(result.urlAuthType ?? "?"))")
        } else {
            print("  URL           none (add one with --url or lambdactl url-config)")
        }
    }

    /// `--zip`, else `.lambdactl/<function>.zip`, else the only zip `lambdactl package` left in .lambdactl/.
    func resolveZip(name: String?) throws -> String {
        if let zip { return zip }
        let folder = ".lambdactl"
        if let name, FileManager.default.fileExists(atPath: "\(folder)/\(name).zip") { return "\(folder)/\(name).zip" }
        let zips = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".zip") }.sorted()
        guard zips.count == 1 else {
            throw ValidationError(zips.isEmpty ? "no zip given and none in .lambdactl/: build one with lambdactl package, or pass --zip PATH."
                                               : "several zips in .lambdactl/ (\(zips.joined(separator: ", "))): pass --zip PATH.")
        }
        return folder + "/" + zips[0]
    }
}

/// `NONE` / `AWS_IAM` on the command line (case-insensitive).
struct URLAuthTypeArgument: ExpressibleByArgument {
    var value: URLAuthType
    init?(argument: String) {
        guard let value = URLAuthType(rawValue: argument.uppercased()) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { URLAuthType.allCases.map(\.rawValue) }
}
