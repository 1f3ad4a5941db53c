import ArgumentParser
import Foundation
import LambdaArchive

/// `lambdactl package`: build a deployment zip and check it before it can ship.
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Write a checked, reproducible deployment zip for provided.al2023.",
        discussion: """
        The zip is written through libzip: bootstrap always has mode 0755, entries are sorted and \
        stamped with one fixed time (SOURCE_DATE_EPOCH, else 1980-01-01), so the same inputs give the \
        same bytes and the same CodeSha256. Every check of `lambdactl doctor` runs on the result; on \
        any error the command exits 1 and writes nothing.
        """
    )

    @Option(name: .long, help: ArgumentHelp("A prebuilt executable to package as bootstrap.", valueName: "path"))
    var binary: String?

    @Option(name: .long, help: ArgumentHelp("A folder whose contents become the package root (with a bootstrap script or binary).", valueName: "path"))
    var dir: String?

    @Option(name: .long, help: ArgumentHelp("A file or folder to add, kept at its relative path (repeatable).", valueName: "path"))
    var include: [String] = []

    @Option(name: .long, help: "The function's architecture: the ELF files must match it.")
    var arch: Architecture = .x86_64

    @Option(name: .long, help: "The runtime the function runs on (sets the glibc limit).")
    var runtime: TargetRuntime = .providedAL2023

    @Option(name: .long, help: ArgumentHelp("A layer zip the function will run with, to check /opt paths and sizes (repeatable).", valueName: "zip"))
    var layer: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the zip (default: .lambdactl/<name>.zip).", valueName: "path"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Deflate level, 0 (store) to 9 (smallest); default 6.", valueName: "n"))
    var compressionLevel: Int?

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    func validate() throws {
        if binary == nil && dir == nil {
            throw ValidationError("pass --binary PATH (an executable that becomes bootstrap) or --dir PATH (a folder with a bootstrap).")
        }
        if let level = compressionLevel, !(0...9).contains(level) {
            throw ValidationError("--compression-level must be 0 (store) to 9 (smallest), not \(level).")
        }
    }

    func run() async throws {
        let name = URL(fileURLWithPath: dir ?? binary ?? "function").standardizedFileURL.lastPathComponent
        let spec = PackageSpec(
            binary: binary, directory: dir, includes: include,
            output: output ?? ".lambdactl/\(name).zip",
            checks: PackageCheckOptions(architecture: arch, runtime: runtime, layers: layer),
            compressionLevel: compressionLevel,
            timestamp: DOSTimestamp.fromEnvironment(ProcessInfo.processInfo.environment))
        do {
            let report = try PackageBuilder.build(spec)
            if json {
                print(ReportPrinter.jsonReport(report))
                return
            }
            print("Packaged \(report.path) (\(arch), \(runtime))")
            print(ReportPrinter.entries(report))
            print(ReportPrinter.summary(report))
            if !report.warnings.isEmpty { print(ReportPrinter.findings(report.warnings)) }
        } catch PackageError.checksFailed(let report) {
            if json {
                print(ReportPrinter.jsonReport(report))
            } else {
                printError(ReportPrinter.findings(report.findings))
                printError("error: \(report.errors.count) check(s) failed; no zip was written.")
            }
            throw ExitCode(1)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Writes a line to standard error, where diagnostics belong so that `--json` output stays parseable.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
