import Foundation

/// Where a new Swift project gets `LambdaRuntime` from: the lambdactl checkout this binary was
/// built in (so a project made from a checkout builds against the same, possibly unreleased,
/// runtime), else the released package on GitHub.
enum InitRuntimeSource: Equatable {
    case checkout(path: String)
    case git(url: String, from: String)

    static let releasedURL = "https://github.com/lambdactl/lambdactl"
    static let releasedVersion = "0.1.0"

    /// Walks up from the running executable (`.build/debug/lambdactl` in a checkout) to a folder
    /// whose Package.swift declares the package "lambdactl"; an installed binary finds none.
    static func locate(executable: String = currentExecutable()) -> InitRuntimeSource {
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            let manifest = folder.appendingPathComponent("Package.swift").path
            if let text = try? String(contentsOfFile: manifest, encoding: .utf8), declaresLambdactl(text) {
                return .checkout(path: folder.path)
            }
            folder.deleteLastPathComponent()
        }
        return .git(url: releasedURL, from: releasedVersion)
    }

    /// `/proc/self/exe` is the binary even when started through a symlink or by a relative name.
    static func currentExecutable() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// True for a manifest whose `Package(name: "lambdactl"` is the package itself, not a dependency.
    static func declaresLambdactl(_ manifest: String) -> Bool {
        manifest.range(of: #"Package\(\s*name:\s*"lambdactl""#, options: .regularExpression) != nil
    }
}
