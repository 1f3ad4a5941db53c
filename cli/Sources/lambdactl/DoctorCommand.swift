import ArgumentParser
import Foundation
import LambdaArchive

/// `lambdactl doctor`: the pre-flight checks on a zip made by any tool.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check an existing deployment zip (and its layers) for what would fail on Lambda.",
        discussion: """
        Works on zips from any tool (Info-ZIP, Windows, cargo-lambda, the Swift archive plugin). Prints \
        one finding per line with its fix. Exit status: 0 no errors (warnings allowed), 1 at least one \
        error, 2 a zip could not be read.

        Examples:
          # check any zip, from any tool
          lambdactl doctor function.zip
          # with the layer it runs with
          lambdactl doctor function.zip --layer python-layer.zip
          # for Graviton; JSON report
          lambdactl doctor function.zip --arch arm64 --json
        """
    )

    @Argument(help: ArgumentHelp("The function's deployment zip.", valueName: "zip"), completion: .file(extensions: ["zip"]))
    var zip: String

    @Option(name: .long, help: ArgumentHelp("A layer zip the function runs with (repeatable).", valueName: "zip"), completion: .file(extensions: ["zip"]))
    var layer: [String] = []

    @Option(name: .long, help: "The function's architecture (default: that of the bootstrap binary).")
    var arch: Architecture?

    @Option(name: .long, help: "The runtime the function runs on (sets the glibc limit).")
    var runtime: TargetRuntime = .providedAL2023

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    func run() async throws {
        let report: PackageReport
        do {
            report = try PackageInspector.inspect(zipAt: zip, options: PackageCheckOptions(architecture: arch, runtime: runtime, layers: layer))
        } catch {
            printError("error: \(ErrorText.describe(error))")
            throw ExitCode(2)
        }
        if json {
            print(ReportPrinter.jsonReport(report))
        } else {
            let arch = report.architecture.map { "\($0)" } ?? "unknown architecture"
            print("\(zip): \(arch), \(report.runtime)" + (layer.isEmpty ? "" : ", \(layer.count) layer(s)"))
            print(ReportPrinter.summary(report))
            if report.findings.isEmpty {
                print("ok: no problems found")
            } else {
                print(ReportPrinter.findings(report.findings))
                print("\(report.errors.count) error(s), \(report.warnings.count) warning(s)")
            }
        }
        if report.hasErrors { throw ExitCode(1) }
    }
}
