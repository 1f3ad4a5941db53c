import ArgumentParser
import Foundation
import LambdaArchive
import LambdaBuild

/// `lambdactl build-layer`: layer zips for what provided.al2023 lacks.
struct BuildLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build-layer",
        abstract: "Build a checked layer zip: Python from Amazon Linux 2023, or any folder.",
        subcommands: [PythonLayerCommand.self, DirLayerCommand.self]
    )
}

/// Options shared by both layer kinds.
struct LayerOutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the layer zip (default: .lambdactl/<name>-layer.zip).", valueName: "path"))
    var output: String?

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Flag(name: [.short, .long], help: "Print every external command before it runs.")
    var verbose = false

    func print(_ result: LayerBuilder.Result) {
        if json {
            Swift.print(ReportPrinter.jsonReport(result.report))
            return
        }
        Swift.print("Layer \(result.report.path) (\(result.report.architecture.map { "\($0)" } ?? "no binaries"))")
        Swift.print("  \(result.report.entries.count) entries, \(ByteCount(result.report.unzippedSize)) unzipped, \(ByteCount(result.report.zippedSize)) zipped")
        Swift.print("  CodeSha256  \(result.report.codeSha256)")
        for note in result.notes { Swift.print("  " + note) }
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
        do {
            let result = try LayerBuilder(runner: CommandRunner(verbose: options.verbose)).buildPython(
                version: python, architecture: arch, output: output, image: image)
            options.print(result)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

struct DirLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dir",
        abstract: "Zip a folder (bin/, lib/, python/ ...) as a layer, with the package checks.")

    @Argument(help: ArgumentHelp("The folder whose contents are unpacked at /opt.", valueName: "path"))
    var path: String

    @Option(name: .long, help: "Architecture its ELF files must have (default: that of the first one).")
    var arch: Architecture?

    @OptionGroup var options: LayerOutputOptions

    func run() async throws {
        let name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        let output = options.output ?? ".lambdactl/\(name)-layer.zip"
        do {
            let result = try LayerBuilder(runner: CommandRunner(verbose: options.verbose)).buildFromFolder(path, architecture: arch, output: output)
            options.print(result)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
