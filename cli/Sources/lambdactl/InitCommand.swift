import ArgumentParser
import Foundation
import LambdaArchive
import LambdaScaffold

/// `lambdactl init`: a new project that packages, serves and deploys as created, with a
/// lambdactl.toml so that the other commands need no flags in it.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new function project (Swift or Python) with its lambdactl.toml.",
        discussion: """
        Templates: swift-stream (a Swift bootstrap streaming one JSON line per word), swift-url \
        (the same behind a Function URL, status and headers first) and python-stream (the seed \
        design: shell bootstrap, streaming runtime.py, lambda_function.py; needs a Python 3.11 \
        layer at /opt). The Swift templates depend on LambdaRuntime, a package with no dependencies \
        of its own: from --runtime-path, or --runtime-url and --runtime-version (also \
        LAMBDACTL_RUNTIME_PATH, LAMBDACTL_RUNTIME_URL, LAMBDACTL_RUNTIME_VERSION), else from the \
        lambdactl checkout this binary runs from (a path relative to the project when both share a \
        folder), else from \(InitRuntimeSource.releasedURL) at this lambdactl's version. An existing \
        non-empty folder is refused (exit status 1) and nothing is written.

        Examples:
          # a Swift function that streams one JSON line per word (swift-stream)
          lambdactl init words
          # status and headers for a Function URL, for Graviton
          lambdactl init words-url --template swift-url --arch arm64
          # the seed design: a Python 3.11 custom runtime
          lambdactl init seed --template python-stream
          # LambdaRuntime from a checkout, or from a git mirror (at this version)
          lambdactl init words --runtime-path ~/src/lambdactl
          lambdactl init words --runtime-url file:///git/lambdactl
        """
    )

    @Argument(help: ArgumentHelp("The function's name: letters, digits, '-' and '_' (at most 64); also the Swift package's name and the default folder.", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("The project template.", valueName: "template"))
    var template: InitTemplate = .swiftStream

    @Option(name: .long, help: "The function's architecture, written to lambdactl.toml ([function] arch).")
    var arch: Architecture = .x86_64

    @Option(name: .long, help: ArgumentHelp("The folder to create (default: ./NAME); it must not exist or be empty.", valueName: "dir"), completion: .directory)
    var outputDir: String?

    @Option(name: .long, help: ArgumentHelp("Take LambdaRuntime from this lambdactl checkout (Swift templates; env LAMBDACTL_RUNTIME_PATH).", valueName: "dir"), completion: .directory)
    var runtimePath: String?

    @Option(name: .long, help: ArgumentHelp("Take LambdaRuntime from this git repository (Swift templates; env LAMBDACTL_RUNTIME_URL).", valueName: "url"))
    var runtimeURL: String?

    @Option(name: .long, help: ArgumentHelp("The lowest LambdaRuntime version to accept from git (default: this lambdactl's version; env LAMBDACTL_RUNTIME_VERSION).", valueName: "x.y.z"))
    var runtimeVersion: String?

    func validate() throws {
        guard ProjectScaffold.isValidName(name) else {
            throw ValidationError("'\(name)' is not a valid function name: use 1 to 64 letters, digits, '-' or '_'.")
        }
    }

    func run() throws {
        let directory = outputDir ?? name
        let runtime: (source: InitRuntimeSource, origin: InitRuntimeSource.Origin)
        do {
            runtime = try InitRuntimeSource.resolve(path: runtimePath, url: runtimeURL, version: runtimeVersion,
                                                    environment: ProcessInfo.processInfo.environment,
                                                    lambdactlVersion: LambdactlVersion.current)
        } catch {
            // Bad input (exit status 2, as the README's table says), before anything is written.
            printError("error: \(ErrorText.describe(error))")
            throw ExitCode(2)
        }
        let projectFolder = URL(fileURLWithPath: directory).standardizedFileURL.path
        let scaffold = ProjectScaffold(name: name, template: template, architecture: arch,
                                       runtimeSource: runtime.source, projectFolder: projectFolder)
        do {
            try scaffold.create(in: directory)
        } catch {
            printError("error: \(ErrorText.describe(error))")
            throw ExitCode(1)
        }
        let shown = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var lines = ["Created \(shown)/ from the \(template.rawValue) template (\(arch.rawValue), provided.al2023):"]
        for file in scaffold.files {
            lines.append("  \(shown)/\(file.path)" + (file.mode == 0o755 ? " (executable)" : ""))
        }
        if template.isSwift {
            let entry = scaffold.runtimeDependency.entry
            let why: String
            switch runtime.origin {
            case .flag: why = "as given"
            case .environment: why = "from LAMBDACTL_RUNTIME_PATH/_URL/_VERSION"
            case .checkout: why = "the checkout this lambdactl was built in; --runtime-path or --runtime-url overrides it"
            case .released: why = "the release matching lambdactl \(LambdactlVersion.current); --runtime-url and --runtime-version override it"
            }
            lines.append("LambdaRuntime: \(entry) (\(why)).")
        }
        lines.append("")
        lines += scaffold.nextSteps(in: shown)
        print(lines.joined(separator: "\n"))
    }
}
