import Foundation
import LambdaArchive

/// Builds layer zips: the seed design's Python layer extracted from the Amazon Linux 2023 image, or
/// any folder. The tree is validated, zipped through `LambdaArchive` (symlinks as symlinks, modes
/// kept) into a temporary file, checked as a layer for the target architecture, and only then
/// renamed into place.
public struct LayerBuilder: Sendable {
    public struct Result: Sendable {
        public var report: PackageReport
        public var notes: [String]
    }

    /// The image the seed design extracts Python from.
    public static let al2023Image = "public.ecr.aws/lambda/provided:al2023"
    public static let pythonVersions = ["3.11", "3.12"]

    public var runner: CommandRunner

    public init(runner: CommandRunner) { self.runner = runner }

    /// `docker run` that installs Python with dnf in the AL2023 image and copies the interpreter, the
    /// standard library (with `lib-dynload`) and libpython into `/output`, links preserved, owned by
    /// the calling user.
    public func pythonCommand(docker: Docker, version: String, architecture: Architecture, tree: String, image: String) -> [String] {
        let script = [
            "set -e",
            "dnf install -y python\(version) python\(version)-libs",
            "mkdir -p /output/bin /output/lib",
            "cp -P /usr/bin/python\(version) /output/bin/",
            "cp -rP /usr/lib64/python\(version) /output/lib/",
            "cp -P /usr/lib64/libpython\(version).so* /output/lib/",
            "chown -R \(Docker.currentUser) /output",
        ].joined(separator: " && ").replacingOccurrences(of: "set -e && ", with: "set -e; ")
        return docker.runCommand(image: image, platform: architecture, volumes: ["\(tree):/output"], entrypoint: "",
                                 command: ["sh", "-c", script])
    }

    public func buildPython(version: String, architecture: Architecture, output: String, image: String = LayerBuilder.al2023Image) async throws -> Result {
        guard LayerBuilder.pythonVersions.contains(version) else { throw BuildError.unsupportedPython(version) }
        let docker = try Docker(runner: runner)
        try await docker.ensureReady(for: architecture)
        return try await withWorkFolder(beside: output) { tree in
            runner.log("Extracting Python \(version) for \(architecture) from \(image)")
            try await runner.check(pythonCommand(docker: docker, version: version, architecture: architecture, tree: tree, image: image))
            let findings = LayerValidator.python(tree: tree, version: version)
            if !findings.isEmpty { throw BuildError.layerInvalid(findings) }
            var result = try zipLayer(tree: tree, architecture: architecture, output: output)
            result.notes.append("Python \(version) from Amazon Linux 2023 targets provided.al2023 only (its glibc is 2.34); attach it to functions of that runtime and architecture \(architecture).")
            return result
        }
    }

    public func buildFromFolder(_ folder: String, architecture: Architecture?, output: String) throws -> Result {
        guard let children = try? FileManager.default.contentsOfDirectory(atPath: folder), !children.isEmpty else {
            throw BuildError.layerEmpty(folder)
        }
        return try zipLayer(tree: folder, architecture: architecture, output: output)
    }

    func zipLayer(tree: String, architecture: Architecture?, output: String) throws -> Result {
        let entries = try PackageBuilder.entries(ofFolder: tree)
        let folder = PathText.parent(output)
        try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        let temporary = (folder.isEmpty ? "." : folder) + "/." + PathText.lastComponent(output) + ".partial-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try ZipWriter(timestamp: DOSTimestamp.fromEnvironment(ProcessInfo.processInfo.environment)).write(entries, to: temporary)
        var report = try PackageInspector.inspect(zipAt: temporary, options: PackageCheckOptions(architecture: architecture, isLayer: true))
        report.path = output
        if report.hasErrors { throw BuildError.layerInvalid(report.errors) }
        guard rename(temporary, output) == 0 else {
            throw ArchiveError.cannotWrite(path: output, reason: String(cString: strerror(errno)))
        }
        let share = Double(report.unzippedSize) / Double(PackageLimits.unzippedBytes) * 100
        let note = String(format: "Layer unzips to %@, %.1f%% of the %@ budget shared by the function and its layers.",
                          "\(ByteCount(report.unzippedSize))", share, "\(ByteCount(PackageLimits.unzippedBytes))")
        return Result(report: report, notes: [note])
    }

    /// A scratch folder beside the output (same file system, so nothing crosses devices), removed
    /// whatever happens.
    func withWorkFolder<T>(beside output: String, _ body: (String) async throws -> T) async throws -> T {
        let parent = PathText.parent(output)
        let base = (parent.isEmpty ? "." : parent)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let work = URL(fileURLWithPath: base).standardizedFileURL.path + "/.lambdactl-layer-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        return try await body(work)
    }
}
