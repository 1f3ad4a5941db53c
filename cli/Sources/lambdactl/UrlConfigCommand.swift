import ArgumentParser
import Foundation
import LambdaAWS

/// `lambdactl url-config`: make a function's URL stream, with the permissions its auth type needs.
struct UrlConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url-config",
        abstract: "Create or update a function's URL (RESPONSE_STREAM by default) and its permissions, idempotently.",
        discussion: """
        With --auth NONE the URL is public, and since October 2025 it needs two resource-policy \
        statements: lambda:InvokeFunctionUrl (FunctionUrlAuthType NONE) and lambda:InvokeFunction \
        (InvokedViaFunctionUrl); only the missing ones are added. With --auth AWS_IAM both are \
        removed and the IAM policy callers need is printed. Running it twice changes nothing.

        Examples:
          # a public URL that streams
          lambdactl url-config words --auth NONE --invoke-mode RESPONSE_STREAM
          # callers sign with SigV4; CORS for one site
          lambdactl url-config words --auth AWS_IAM --cors-origin https://example.com
          # show the URL config and its permissions only
          lambdactl url-config words --show
        """
    )

    @OptionGroup var aws: AWSCommandOptions

    @Argument(help: "The function name or ARN (default: [function] name in lambdactl.toml).")
    var function: String?

    @Option(name: [.customLong("qualifier"), .customLong("alias")], help: ArgumentHelp("The alias (or version) whose URL this is; its permissions get the same qualifier.", valueName: "name"))
    var qualifier: String?

    @Option(name: .long, help: "RESPONSE_STREAM (chunks reach the caller as they are written) or BUFFERED (default: lambdactl.toml's, else RESPONSE_STREAM).")
    var invokeMode: URLInvokeModeArgument?

    @Option(name: .long, help: "AWS_IAM (callers sign with SigV4) or NONE (public). Default: keep the URL's, AWS_IAM for a new URL.")
    var auth: URLAuthTypeArgument?

    @Option(name: .long, help: ArgumentHelp("An origin allowed by CORS (repeatable); given at all, the list replaces the URL's.", valueName: "origin"))
    var corsOrigin: [String] = []

    @Flag(name: .long, help: "Only show the URL config and its permission statements; change nothing.")
    var show = false

    @Flag(name: .long, help: "Print the aws commands that would change something, and change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    func run() async throws {
        let project = try Project.config()
        let function = try Project.requireFunctionName(self.function)
        let invokeMode = self.invokeMode ?? project.string("url.invoke_mode").flatMap { URLInvokeModeArgument(argument: $0) }
            ?? URLInvokeModeArgument(value: .responseStream)
        let auth = self.auth ?? project.string("url.auth").flatMap { URLAuthTypeArgument(argument: $0) }
        let cli = try await aws.makeCLI()
        let executor = ChangeExecutor(cli: cli, dryRun: dryRun && !show, progress: progressPrinter())
        let configurator = FunctionURLConfigurator(executor: executor)
        if show {
            let (config, policy) = try await reportingErrors { try await configurator.show(function, qualifier: qualifier) }
            if json {
                print(jsonText(ShowOutput(config: config, statements: policy.statements.map(\.sid),
                                          publicURLStatement: policy.statements.contains(where: \.isPublicURLStatement),
                                          publicInvokeStatement: policy.statements.contains(where: \.isPublicInvokeViaURLStatement))))
                return
            }
            guard let config else {
                print("\(function) has no Function URL (create one with lambdactl url-config \(function)).")
                return
            }
            print(config.FunctionUrl)
            print("  invoke mode  \(config.invokeMode)")
            print("  auth         \(config.AuthType)")
            if let origins = config.Cors?.AllowOrigins { print("  CORS origins \(origins.joined(separator: ", "))") }
            print("  statements   \(policy.statements.isEmpty ? "none" : policy.statements.map(\.sid).joined(separator: ", "))")
            if config.AuthType == URLAuthType.none.rawValue && !policy.statements.contains(where: \.isPublicInvokeViaURLStatement) {
                print("  warning: the lambda:InvokeFunction statement with InvokedViaFunctionUrl is missing: callers get 403. Run lambdactl url-config \(function) --auth NONE.")
            }
            return
        }
        let options = URLConfigOptions(functionName: function, invokeMode: invokeMode.value, auth: auth?.value,
                                       corsOrigins: corsOrigin.isEmpty ? nil : corsOrigin, qualifier: qualifier)
        let result = try await reportingErrors { try await configurator.apply(options) }
        for warning in result.warnings { printError("warning: \(warning)") }
        if json {
            print(jsonText(result))
            return
        }
        if dryRun {
            printDryRun(result.plannedCommands)
            return
        }
        guard let config = result.config else { return }
        print(config.FunctionUrl)
        let change = result.created ? "created" : result.updated ? "updated" : "unchanged"
        print("  \(change): invoke mode \(config.invokeMode), auth \(config.AuthType)")
        if !result.addedStatements.isEmpty { print("  added statements: \(result.addedStatements.joined(separator: ", "))") }
        if !result.removedStatements.isEmpty { print("  removed statements: \(result.removedStatements.joined(separator: ", "))") }
        if config.AuthType == URLAuthType.none.rawValue {
            printError("""
            WARNING: auth NONE makes \(config.FunctionUrl) PUBLIC: anyone who finds it can invoke \(function), \
            and you pay for every call. Use --auth AWS_IAM unless that is what you want.
            """)
        }
        if let policy = result.callerPolicy {
            print("Callers (IAM users or roles) need this identity policy to call the URL with SigV4:")
            print(policy)
        }
    }

    struct ShowOutput: Encodable {
        var config: FunctionURLConfig?
        var statements: [String]
        var publicURLStatement: Bool
        var publicInvokeStatement: Bool
    }
}

/// `RESPONSE_STREAM` / `BUFFERED` on the command line (case-insensitive).
struct URLInvokeModeArgument: ExpressibleByArgument {
    var value: URLInvokeMode
    init(value: URLInvokeMode) { self.value = value }
    init?(argument: String) {
        guard let value = URLInvokeMode(rawValue: argument.uppercased()) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { value.rawValue }
    static var allValueStrings: [String] { URLInvokeMode.allCases.map(\.rawValue) }
}
