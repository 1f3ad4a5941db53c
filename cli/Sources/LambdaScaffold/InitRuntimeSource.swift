import Foundation
import LambdaArchive

/// Where a new Swift project gets `LambdaRuntime` from. The runtime is the package at the root of
/// lambdactl's repository and depends on no other package, so the project resolves that one only.
///
/// Chosen in this order: `--runtime-path`, `--runtime-url` (with `--runtime-version`), the same as
/// `LAMBDACTL_RUNTIME_PATH`, `LAMBDACTL_RUNTIME_URL` and `LAMBDACTL_RUNTIME_VERSION`, then the
/// lambdactl checkout this binary was built in (so a project made from a checkout builds against
/// the same, possibly unreleased, runtime), else the released package at lambdactl's own version.
public enum InitRuntimeSource: Equatable, Sendable {
    /// A folder with the runtime package (a lambdactl checkout), as an absolute path.
    case path(String)
    /// A git repository and the lowest version to accept (`from:`).
    case git(url: String, from: String)

    /// Why the runtime was taken from where it was, for `init`'s output.
    public enum Origin: Equatable, Sendable {
        case flag, environment, checkout, released
    }

    public static let releasedURL = "https://github.com/lambdactl/lambdactl"

    /// The runtime for `init`'s flags and environment; `executable` is the running lambdactl and
    /// `lambdactlVersion` its version, which is the released runtime's version too.
    public static func resolve(path: String?, url: String?, version: String?, environment: [String: String],
                               lambdactlVersion: String,
                               executable: String = currentExecutable()) throws(InitRuntimeSourceError) -> (source: InitRuntimeSource, origin: Origin) {
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let fromFlags = nonEmpty(path) != nil || nonEmpty(url) != nil || nonEmpty(version) != nil
        let path = fromFlags ? nonEmpty(path) : nonEmpty(environment["LAMBDACTL_RUNTIME_PATH"])
        let url = fromFlags ? nonEmpty(url) : nonEmpty(environment["LAMBDACTL_RUNTIME_URL"])
        let version = fromFlags ? nonEmpty(version) : nonEmpty(environment["LAMBDACTL_RUNTIME_VERSION"])
        let origin: Origin = fromFlags ? .flag : .environment

        if let path {
            guard url == nil, version == nil else { throw InitRuntimeSourceError.pathWithURLOrVersion }
            let folder = URL(fileURLWithPath: path).standardizedFileURL.path
            guard isRuntimePackage(folder) else { throw InitRuntimeSourceError.notARuntimePackage(folder) }
            return (.path(folder), origin)
        }
        if url != nil || version != nil {
            let version = version ?? lambdactlVersion
            guard isVersion(version) else { throw InitRuntimeSourceError.invalidVersion(version, example: lambdactlVersion) }
            return (.git(url: url ?? releasedURL, from: version), origin)
        }
        if let checkout = checkout(above: executable) { return (.path(checkout), .checkout) }
        return (.git(url: releasedURL, from: lambdactlVersion), .released)
    }

    /// The folder above `executable` (`cli/.build/debug/lambdactl` in a checkout) whose
    /// Package.swift is the runtime package; an installed binary finds none.
    public static func checkout(above executable: String) -> String? {
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            if isRuntimePackage(folder.path) { return folder.path }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// `/proc/self/exe` is the binary even when started through a symlink or by a relative name.
    public static func currentExecutable() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// True for a folder whose Package.swift is the package "lambdactl" itself (not a dependency on
    /// it) and has the LambdaRuntime sources.
    static func isRuntimePackage(_ folder: String) -> Bool {
        guard let manifest = try? String(contentsOfFile: folder + "/Package.swift", encoding: .utf8) else { return false }
        return manifest.range(of: #"Package\(\s*name:\s*"lambdactl""#, options: .regularExpression) != nil
            && FileManager.default.fileExists(atPath: folder + "/Sources/LambdaRuntime")
    }

    /// A semantic version as SwiftPM's `from:` takes it: `MAJOR.MINOR.PATCH`, optionally `-pre`.
    static func isVersion(_ text: String) -> Bool {
        text.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$"#, options: .regularExpression) != nil
    }

    /// The `.package(...)` entry for a project in `projectFolder` (absolute), and the identity SwiftPM
    /// gives that dependency, which the product reference must use: a path dependency is named after
    /// its folder and a git one after the last component of its URL, whatever the manifest's name.
    public func dependency(forProjectIn projectFolder: String) -> (entry: String, identity: String) {
        switch self {
        case let .path(folder):
            let written = Self.relativePath(from: projectFolder, to: folder) ?? folder
            let identity = PathText.lastComponent(folder).lowercased()
            return (".package(path: \(ProjectScaffold.swiftLiteral(written)))", identity)
        case let .git(url, version):
            var last = url.split(separator: "/").last.map(String.init) ?? "lambdactl"
            if last.hasSuffix(".git") { last.removeLast(4) }
            return (".package(url: \(ProjectScaffold.swiftLiteral(url)), from: \(ProjectScaffold.swiftLiteral(version)))", last.lowercased())
        }
    }

    /// `target` relative to `base` when the two share a folder below `/` (e.g. a project inside the
    /// checkout or beside it, which then move together), else nil: from /tmp to /home a relative
    /// path would only break when either moves.
    static func relativePath(from base: String, to target: String) -> String? {
        let from = URL(fileURLWithPath: base).standardizedFileURL.pathComponents.filter { $0 != "/" }
        let to = URL(fileURLWithPath: target).standardizedFileURL.pathComponents.filter { $0 != "/" }
        var shared = 0
        while shared < from.count, shared < to.count, from[shared] == to[shared] { shared += 1 }
        guard shared > 0 else { return nil }
        let parts = Array(repeating: "..", count: from.count - shared) + to[shared...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
