import Foundation
import LambdaArchive

/// Compiles a SwiftPM executable product into a Lambda `bootstrap`: release, static Swift standard
/// library, stripped, natively, inside a docker image of the target architecture, or with an
/// installed Swift SDK (cross-compiled, no docker).
public struct SwiftBuilder: Sendable {
    public struct Output: Sendable {
        /// The (stripped) executable, in a temporary folder the caller removes.
        public var binary: String
        /// SwiftPM resource bundles (`*.resources`) built beside the executable.
        public var resources: [String]
        public var mode: BuildMode
        public var seconds: Double
        public var workFolder: String
    }

    public var runner: CommandRunner

    public init(runner: CommandRunner) { self.runner = runner }

    func swiftBuildArguments(_ request: SwiftBuildRequest) -> [String] {
        var arguments = ["build", "-c", "release", "--product", request.product, "--static-swift-stdlib"]
        if request.staticExecutable { arguments += ["-Xswiftc", "-static-executable"] }
        return arguments
    }

    public func buildNatively(_ request: SwiftBuildRequest) async throws -> Output {
        guard request.architecture == .host else {
            throw BuildError.nativeArchitectureMismatch(target: request.architecture, host: .host)
        }
        guard CommandRunner.which("swift") != nil else { throw BuildError.swiftMissing }
        let started = Date()
        let package = URL(fileURLWithPath: request.packagePath).standardizedFileURL.path
        let arguments = ["swift"] + swiftBuildArguments(request) + ["--package-path", package]
        runner.log("Building \(request.product) natively for \(request.architecture): \(arguments.joined(separator: " "))")
        try await runner.check(arguments)
        let binPath = try await runner.check(arguments + ["--show-bin-path"], capture: true)
            .split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        return try await finish(request, binFolder: binPath, mode: .native, started: started) { source, destination in
            if request.strip {
                try await runner.check(["strip", "-o", destination, source])
            } else {
                try FileManager.default.copyItem(atPath: source, toPath: destination)
            }
        }
    }

    public func buildInDocker(_ request: SwiftBuildRequest) async throws -> Output {
        let docker = try Docker(runner: runner)
        try await docker.ensureReady(for: request.architecture)
        let started = Date()
        let package = URL(fileURLWithPath: request.packagePath).standardizedFileURL.path
        // One build folder per architecture, so x86_64 and arm64 artefacts never mix.
        let scratch = ".build/lambdactl-docker-\(request.architecture)"
        let build = (["swift"] + swiftBuildArguments(request) + ["--scratch-path", scratch]).map(CommandRunner.shellQuoted).joined(separator: " ")
        let stripStep = request.strip
            ? "strip -o \(scratch)/bootstrap \"$bin/\(request.product)\""
            : "cp \"$bin/\(request.product)\" \(scratch)/bootstrap"
        let script = "set -e; \(build); bin=$(\(build) --show-bin-path | tail -n 1); \(stripStep); echo \"$bin\" > \(scratch)/lambdactl-bin-path"
        var image = request.image ?? ""
        if request.image == nil {
            let swiftVersion: String?
            if let given = request.swiftVersion { swiftVersion = given } else { swiftVersion = await SwiftBuilder.localSwiftVersion() }
            image = SwiftBuilder.defaultImage(swiftVersion: swiftVersion)
        }
        let command = docker.runCommand(
            image: image, platform: request.architecture,
            volumes: ["\(package):/workspace"] + request.dockerVolumes, workdir: "/workspace",
            user: Docker.currentUser, environment: ["HOME": "/tmp"], command: ["/bin/sh", "-c", script])
        runner.log("Building \(request.product) in \(image) for \(request.architecture)")
        try await runner.check(command)
        let hostScratch = package + "/" + scratch
        let containerBin = (try? String(contentsOfFile: hostScratch + "/lambdactl-bin-path", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let binFolder = containerBin.replacingOccurrences(of: "/workspace", with: package)
        return try await finish(request, binFolder: binFolder, mode: .docker, started: started) { _, destination in
            try FileManager.default.copyItem(atPath: hostScratch + "/bootstrap", toPath: destination)
        }
    }

    /// Cross-compiles with an installed Swift SDK: `swift build -c release --product P --swift-sdk
    /// <triple-or-ID> --package-path <abs>`, then the same with `--show-bin-path`, then strip.
    ///
    /// For the Static Linux SDK lambdactl adds no `--static-swift-stdlib` or `-static-executable`:
    /// the SDK's toolset already passes `-static-executable -static-stdlib` to swiftc (a musl binary
    /// is always fully static, and `--no-static-executable` cannot change that), so the flags would
    /// only repeat it. Any other SDK (a glibc one) gets the flags of a native build.
    public func buildWithSwiftSDK(_ request: SwiftBuildRequest, catalog: SwiftSDKCatalog? = nil,
                                  sdk: SwiftSDKChoice? = nil) async throws -> Output {
        let catalog = if let catalog { catalog } else { try await SwiftSDKCatalog.load(runner: runner) }
        let sdk = if let sdk { sdk } else { try await catalog.select(for: request.architecture, requested: request.swiftSDK) }
        if let note = await catalog.versionNote(for: sdk) { runner.log(note) }
        if sdk.isStaticLinux && !request.staticExecutable {
            runner.log("note: --no-static-executable has no effect with the Static Linux SDK: its musl binaries are always fully static.")
        }
        let started = Date()
        let package = URL(fileURLWithPath: request.packagePath).standardizedFileURL.path
        var arguments = ["swift", "build", "-c", "release", "--product", request.product] + sdk.buildArguments
        if !sdk.isStaticLinux {
            arguments += ["--static-swift-stdlib"] + (request.staticExecutable ? ["-Xswiftc", "-static-executable"] : [])
        }
        arguments += ["--package-path", package]
        runner.log("Building \(request.product) with Swift SDK \(sdk) for \(request.architecture): \(arguments.joined(separator: " "))")
        try await runner.check(arguments)
        let binPath = try await runner.check(arguments + ["--show-bin-path"], capture: true)
            .split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let stripper = BinaryStripper(toolchainBin: BinaryStripper.toolchainBin())
        return try await finish(request, binFolder: binPath, mode: .swiftSDK, started: started) { source, destination in
            guard request.strip else { return try FileManager.default.copyItem(atPath: source, toPath: destination) }
            let stripped = await stripper.strip(source, to: destination, architecture: request.architecture, runner: runner)
            guard stripped.tool == nil else { return }
            let why = stripped.failures.isEmpty
                ? "no \(request.architecture == .arm64 ? "aarch64" : "x86_64")-linux-gnu-strip, llvm-strip or llvm-objcopy was found, and this machine's strip reads \(Architecture.host) files only"
                : stripped.failures.joined(separator: "; ")
            runner.log("Not stripping the \(request.architecture) bootstrap (\(why)); install binutils-\(request.architecture == .arm64 ? "aarch64" : "x86-64")-linux-gnu or llvm for a smaller zip. Nothing else changes.")
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        }
    }

    private func finish(_ request: SwiftBuildRequest, binFolder: String, mode: BuildMode, started: Date,
                        produce: (String, String) async throws -> Void) async throws -> Output {
        let source = binFolder + "/" + request.product
        guard FileManager.default.fileExists(atPath: source) || mode == .docker else {
            throw BuildError.productNotFound(product: request.product, path: binFolder)
        }
        let work = NSTemporaryDirectory() + "lambdactl-build-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let binary = work + "/bootstrap"
        try await produce(source, binary)
        let resources = ((try? FileManager.default.contentsOfDirectory(atPath: binFolder)) ?? [])
            .filter { $0.hasSuffix(".resources") }.sorted().map { binFolder + "/" + $0 }
        let seconds = Date().timeIntervalSince(started)
        runner.log(String(format: "Built %@ (%@) in %.1fs", request.product, mode.rawValue, seconds))
        return Output(binary: binary, resources: resources, mode: mode, seconds: seconds, workFolder: work)
    }

    /// `swift:6.2-amazonlinux2`: the official image whose glibc (2.26) suits both provided runtimes.
    public static func defaultImage(swiftVersion: String?) -> String {
        guard let swiftVersion else { return "swift:amazonlinux2" }
        return "swift:\(swiftVersion)-amazonlinux2"
    }

    /// `6.3` from `swift --version` ("Swift version 6.3.1 (...)"), or nil without a local toolchain.
    public static func localSwiftVersion() async -> String? {
        guard let swift = CommandRunner.which("swift") else { return nil }
        guard let result = try? await CommandRunner(quiet: true).run([swift, "--version"], capture: true), result.status == 0 else { return nil }
        guard let range = result.output.range(of: "Swift version ") else { return nil }
        let version = result.output[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return version.split(separator: ".").prefix(2).joined(separator: ".")
    }
}
