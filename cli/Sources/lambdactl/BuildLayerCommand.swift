import ArgumentParser
import Foundation
import LambdaAWS
import LambdaArchive
import LambdaBuild

/// `lambdactl build-layer`: layer zips for what provided.al2023 lacks.
struct BuildLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build-layer",
        abstract: "Build a checked layer zip: Python from Amazon Linux 2023, or any folder.",
        discussion: """
        Examples:
          # Python 3.11 for the python-stream template, from the AL2023 image
          lambdactl build-layer python -o python-layer.zip
          # a folder of tools, published as a layer version
          lambdactl build-layer dir tools --publish tools
        """,
        subcommands: [PythonLayerCommand.self, DirLayerCommand.self]
    )
}

/// Options shared by both layer kinds.
struct LayerOutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the layer zip (default: .lambdactl/<name>-layer.zip).", valueName: "path"), completion: .file(extensions: ["zip"]))
    var output: String?

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Publish the zip as a new version of this layer through your aws CLI, and print its ARN.", valueName: "name"))
    var publish: String?

    @OptionGroup var aws: AWSCommandOptions

    var verbose: Bool { aws.verbose }

    /// Publishes the layer when --publish was given; returns its ARN.
    func publishIfAsked(_ result: LayerBuilder.Result, architecture: Architecture?, what: String) async throws -> String? {
        guard let publish else { return nil }
        guard let architecture = architecture ?? result.report.architecture else {
            printError("error: the layer holds no binary to take an architecture from; pass --arch to publish it.")
            throw ExitCode(2)
        }
        let cli = try await aws.makeCLI()
        return try await reportingErrors {
            try await LayerPublisher(cli: cli).publish(zip: result.report.path, name: publish, architecture: architecture, runtime: .providedAL2023,
                                                 description: "\(what) (\(LayerPublisher.marker(sha256Hex: result.report.sha256Hex)))")
        }
    }

    func print(_ result: LayerBuilder.Result, arn: String?) {
        if json {
            if let arn {
                struct Published: Encodable { var layerVersionArn: String; var report: PackageReport }
                Swift.print(jsonText(Published(layerVersionArn: arn, report: result.report)))
            } else {
                Swift.print(ReportPrinter.jsonReport(result.report))
            }
            return
        }
        Swift.print("Layer \(result.report.path) (\(result.report.architecture.map { "\($0)" } ?? "no binaries"))")
        Swift.print("  \(result.report.entries.count) entries, \(ByteCount(result.report.unzippedSize)) unzipped, \(ByteCount(result.report.zippedSize)) zipped")
        Swift.print("  CodeSha256  \(result.report.codeSha256)")
        for note in result.notes { Swift.print("  " + note) }
        if let arn { Swift.print("Published \(arn)") }
        if !result.report.warnings.isEmpty { Swift.print(ReportPrinter.findings(result.report.warnings)) }
    }
}

struct PythonLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "python",
        abstract: "Extract Python from the Amazon Linux 2023 image into a layer (needs docker).",
        discussion: """
        Runs dnf in public.ecr.aws/lambda/provided:al2023 for the --arch platform and copies \
        bin/python3.11, lib/python3.11 (with lib-dynload) and libpython3.11.so* with their symlinks. \
        The tree is checked (interpreter, lib-dynload, encodings, libpython, ELF architecture) before \
        it is zipped. The layer suits provided.al2023 only; the bootstrap runs /opt/bin/python3.11 \
        with PYTHONHOME=/opt (see templates/python-stream).

        Examples:
          # the layer the python-stream template runs with
          lambdactl build-layer python -o python-layer.zip
          # for Graviton (docker needs arm64 emulation), published as a layer version
          lambdactl build-layer python --arch arm64 --publish python311
        """
    )

    @Option(name: .long, help: "Python version to extract.")
    var python = "3.11"

    @Option(name: .long, help: "Architecture of the layer (must match the function's).")
    var arch: Architecture = .x86_64

    @Option(name: .long, help: ArgumentHelp("The Amazon Linux 2023 image to extract from.", valueName: "image"))
    var image = LayerBuilder.al2023Image

    @OptionGroup var options: LayerOutputOptions

    func run() async throws {
        let output = options.output ?? ".lambdactl/python\(python)-\(arch)-layer.zip"
        try await reportingErrors {
            let result = try await LayerBuilder(runner: CommandRunner(verbose: options.verbose)).buildPython(
                version: python, architecture: arch, output: output, image: image)
            await options.print(result, arn: try options.publishIfAsked(result, architecture: arch, what: "Python \(python) from Amazon Linux 2023"))
        }
    }
}

struct DirLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dir",
        abstract: "Zip a folder (bin/, lib/, python/ ...) as a layer, with the package checks.",
        discussion: """
        The folder's contents are unpacked at /opt: bin/ is on PATH, lib/ on LD_LIBRARY_PATH.

        Examples:
          # a layer zip of the folder tools/
          lambdactl build-layer dir tools -o tools-layer.zip
          # publish it, and print the report as JSON
          lambdactl build-layer dir tools --publish tools --json
        """)

    @Argument(help: ArgumentHelp("The folder whose contents are unpacked at /opt.", valueName: "path"), completion: .directory)
    var path: String

    @Option(name: .long, help: "Architecture its ELF files must have (default: that of the first one).")
    var arch: Architecture?

    @OptionGroup var options: LayerOutputOptions

    func run() async throws {
        let name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        let output = options.output ?? ".lambdactl/\(name)-layer.zip"
        try await reportingErrors {
            let result = try LayerBuilder(runner: CommandRunner(verbose: options.verbose)).buildFromFolder(path, architecture: arch, output: output)
            options.print(result, arn: try await options.publishIfAsked(result, architecture: arch, what: "layer from \(name)"))
        }
    }
}
