import ArgumentParser
import Foundation
import LambdaArchive
import LambdaAWS
import LambdaBuild

/// `lambdactl package`: build a deployment zip and check it before it can ship.
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Write a checked, reproducible deployment zip for provided.al2023.",
        discussion: """
        The zip is written through libzip: bootstrap always has mode 0755, entries are sorted and \
        stamped with one fixed time (SOURCE_DATE_EPOCH, else 1980-01-01), so the same inputs give the \
        same bytes and the same CodeSha256. Every check of `lambdactl doctor` runs on the result; when \
        one fails the command exits 1 and writes nothing. An input that does not exist or cannot be \
        read (--dir, --binary, --include, --layer) exits 2, also writing nothing.

        With --product, the Swift product is built first (release, --static-swift-stdlib, fully static \
        unless --no-static-executable, stripped): \
        natively when this machine's CPU matches --arch, else with the installed Swift SDK for --arch \
        (the Static Linux SDK: aarch64-swift-linux-musl, x86_64-swift-linux-musl; no docker), else in a \
        Swift Amazon Linux docker image (--build auto); a native binary that needs a newer glibc than \
        the runtime is rebuilt in docker. --build swift-sdk always uses the Swift SDK, and says how to \
        install the Static Linux SDK when `swift sdk list` shows none for --arch.

        Examples:
          # the project in ./lambdactl.toml
          lambdactl package
          # a folder with a bootstrap script
          lambdactl package --dir templates/python-stream
          # build a Swift product, zip it
          lambdactl package --product words --arch arm64
          # cross-compile it with the Static Linux SDK, no docker
          lambdactl package --product words --arch arm64 --build swift-sdk
          # one prebuilt executable
          lambdactl package --binary .build/release/words -o words.zip
          # check against a layer; JSON report
          lambdactl package --dir . --layer python-layer.zip --json
        """
    )

    @Option(name: .long, help: ArgumentHelp("A prebuilt executable to package as bootstrap.", valueName: "path"), completion: .file())
    var binary: String?

    @Option(name: .long, help: ArgumentHelp("A folder whose contents become the package root (with a bootstrap script or binary).", valueName: "path"), completion: .directory)
    var dir: String?

    @Option(name: .long, help: ArgumentHelp("A SwiftPM executable product to build and package as bootstrap.", valueName: "name"))
    var product: String?

    @Option(name: .long, help: ArgumentHelp("The Swift package holding --product (default: the current folder).", valueName: "dir"), completion: .directory)
    var packagePath: String?

    @Option(name: .long, help: "Where --product is compiled: auto, native, docker or swift-sdk (an installed Swift SDK such as the Static Linux SDK, no docker).")
    var build: BuildModeArgument = .auto

    @Option(name: .customLong("swift-sdk"), help: ArgumentHelp("The Swift SDK for --build swift-sdk: an ID from `swift sdk list` or a target triple (default: the Static Linux SDK's aarch64-swift-linux-musl for --arch arm64, x86_64-swift-linux-musl for x86_64). With --build auto it means --build swift-sdk.", valueName: "id"))
    var swiftSDK: String?

    @Option(name: .long, help: ArgumentHelp("Docker image for --build docker (default: swift:<version>-amazonlinux2).", valueName: "image"))
    var image: String?

    @Option(name: .long, help: ArgumentHelp("Swift version of the default docker image (default: the local toolchain's).", valueName: "version"))
    var swiftVersion: String?

    @Option(name: .long, help: ArgumentHelp("An extra docker volume for --build docker, SRC:DST[:ro] (repeatable).", valueName: "mount"))
    var dockerVolume: [String] = []

    @Flag(name: .long, help: "Keep the symbols in the --product binary (larger zip).")
    var noStrip = false

    @Flag(inversion: .prefixedNo, help: "Link --product fully static (-Xswiftc -static-executable): no glibc version needs and the fastest cold start. --no-static-executable links glibc dynamically (--static-swift-stdlib only).")
    var staticExecutable = true

    @Flag(name: .long, help: "Show the build's output only when it fails.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Print every external command before it runs.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("A file or folder to add, kept at its relative path (repeatable).", valueName: "path"), completion: .file())
    var include: [String] = []

    @Option(name: .long, help: ArgumentHelp("Leave out of --dir what matches: a name at any depth (README.md, *.md), or a path from its top when it has a / (docs/*.md) (repeatable; default: [build] exclude).", valueName: "pattern"))
    var exclude: [String] = []

    @Option(name: .long, help: "The function's architecture: the ELF files must match it (default: lambdactl.toml, else x86_64).")
    var arch: Architecture?

    @Option(name: .long, help: "The runtime the function runs on, which sets the glibc limit (default: lambdactl.toml, else provided.al2023).")
    var runtime: TargetRuntime?

    @Option(name: .long, help: ArgumentHelp("A layer zip the function will run with, to check /opt paths and sizes (repeatable).", valueName: "zip"), completion: .file(extensions: ["zip"]))
    var layer: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the zip (default: .lambdactl/<name>.zip).", valueName: "path"), completion: .file(extensions: ["zip"]))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Deflate level, 0 (store) to 9 (smallest); default 6.", valueName: "n"))
    var compressionLevel: Int?

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    func validate() throws {
        if product != nil && binary != nil {
            throw ValidationError("--product and --binary both name the bootstrap; pass one of them.")
        }
        if swiftSDK != nil, build == .native || build == .docker {
            throw ValidationError("--swift-sdk names the Swift SDK of --build swift-sdk, not of --build \(build.rawValue); pass --build swift-sdk (or auto), or drop --swift-sdk.")
        }
        if swiftSDK != nil, product == nil, binary != nil || dir != nil {
            throw ValidationError("--swift-sdk builds --product; --binary and --dir are packaged as they are. Pass --product NAME, or drop --swift-sdk.")
        }
        if let level = compressionLevel, !(0...9).contains(level) {
            throw ValidationError("--compression-level must be 0 (store) to 9 (smallest), not \(level).")
        }
        // A folder of files with the executable given apart is fine; two bootstraps are not: the
        // folder's one used to be dropped without a word.
        if let dir, binary != nil || product != nil, access(dir + "/bootstrap", F_OK) == 0 {
            let other = binary != nil ? "--binary" : "--product"
            throw ValidationError("--dir \(dir) has a bootstrap and \(other) gives another; pass one of them (or remove \(dir)/bootstrap to package the folder around \(other)).")
        }
    }

    func run() async throws {
        // Flags first, then lambdactl.toml ([build], [function]), then the defaults.
        let project = try Project.config()
        var product = self.product, dir = self.dir
        if binary == nil && dir == nil && product == nil {
            product = project.string("build.product")
            dir = product == nil ? project.string("build.dir") : nil
        }
        if binary == nil && dir == nil && product == nil {
            printError("error: nothing to package: pass --product NAME (a Swift product to build), --binary PATH (an executable that becomes bootstrap) or --dir PATH (a folder with a bootstrap), or set [build] product or dir in \(Project.path).")
            throw ExitCode(2)
        }
        let arch = try Project.architecture(self.arch) ?? .x86_64
        let runtime = try Project.runtime(self.runtime)
        let packagePath = self.packagePath ?? project.string("build.package_path") ?? "."
        let include = self.include.isEmpty ? project.strings("build.include") ?? [] : self.include
        let exclude = self.exclude.isEmpty ? project.strings("build.exclude") ?? [] : self.exclude
        let name = try Project.functionName(nil) ?? product ?? URL(fileURLWithPath: dir ?? binary ?? "function").standardizedFileURL.lastPathComponent
        var spec = PackageSpec(
            binary: binary, directory: dir, includes: include, excludes: exclude,
            output: output ?? ".lambdactl/\(name).zip",
            checks: PackageCheckOptions(architecture: arch, runtime: runtime, layers: layer),
            compressionLevel: compressionLevel,
            timestamp: DOSTimestamp.fromEnvironment(ProcessInfo.processInfo.environment))
        do {
            let report: PackageReport
            if let product {
                let runner = CommandRunner(quiet: quiet, verbose: verbose)
                spec.directory = dir
                let request = SwiftBuildRequest(
                    product: product, packagePath: packagePath, architecture: arch, image: image, swiftVersion: swiftVersion,
                    strip: !noStrip, staticExecutable: staticExecutable, dockerVolumes: dockerVolume, swiftSDK: swiftSDK)
                report = try await SwiftPackager(runner: runner).package(request, mode: build.mode, spec: spec).0
            } else {
                report = try PackageBuilder.build(spec)
            }
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
                notePreviousZip(at: spec.output)
            } else {
                printError(ReportPrinter.findings(report.findings))
                printError("error: \(report.errors.count) check(s) failed; no zip was written" + previousZipNote(at: spec.output))
            }
            throw ExitCode(1)
        } catch {
            let finding = refusal(for: error)
            if json {
                print(Self.jsonRefusal(finding, output: spec.output))
                notePreviousZip(at: spec.output)
            } else {
                printError(finding.description)
                printError("error: no zip was written" + previousZipNote(at: spec.output))
            }
            throw ExitCode((error as? ExitCoded)?.exitCode ?? Self.exitStatus(forRefusal: finding.id))
        }
    }

    /// The README's policy: a path that is missing or unreadable is bad input (2); anything the
    /// input holds that Lambda cannot run, and any other failure, is a failed check (1).
    static func exitStatus(forRefusal id: String) -> Int32 {
        ["input-not-found", "input-unreadable"].contains(id) ? 2 : 1
    }

    /// Every way `package` can stop, as a finding with an id: early refusals carry their own, a
    /// damaged input zip its check's, anything else (a full disk) the catch-all `package-failed`.
    func refusal(for error: Error) -> Finding {
        if let finding = (error as? PackageError)?.finding ?? (error as? ArchiveError)?.finding { return finding }
        return Finding(id: "package-failed", severity: .error, message: "\(error)", fix: "See the message above; nothing was written.")
    }

    /// The shape of `ReportPrinter.jsonReport` (`ok`, `errors`, `warnings`, `report.findings`) for
    /// a refusal that came before any zip existed to report on.
    static func jsonRefusal(_ finding: Finding, output: String) -> String {
        struct Partial: Encodable {
            var path: String
            var findings: [Finding]
        }
        struct Output: Encodable {
            var ok = false
            var errors = 1
            var warnings = 0
            var report: Partial
        }
        return jsonText(Output(report: Partial(path: output, findings: [finding])))
    }

    /// Said on every failure: the builder never touches the output path before the checks pass, so
    /// a zip already there is the previous one, and deploying it would ship old code.
    func previousZipNote(at output: String) -> String {
        var info = stat()
        guard lstat(output, &info) == 0 else { return "." }
        return "; the previous zip at \(output) was left unchanged."
    }

    func notePreviousZip(at output: String) {
        let note = previousZipNote(at: output)
        if note != "." { printError("note: no zip was written" + note) }
    }
}

/// Writes a line to standard error, where diagnostics belong so that `--json` output stays parseable.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
