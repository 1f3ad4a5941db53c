import ArgumentParser
import Foundation
import LambdaArchive
import LambdaProject

/// The project file every command reads: `$LAMBDACTL_CONFIG`, else `./lambdactl.toml`. Flags
/// override it; a broken file stops the command with its line and exit status 2.
enum Project {
    nonisolated(unsafe) private static var cached: ProjectConfig?

    static var path: String { ProcessInfo.processInfo.environment["LAMBDACTL_CONFIG"] ?? ProjectConfig.fileName }

    static func config() throws -> ProjectConfig {
        if let cached { return cached }
        do {
            let named = ProcessInfo.processInfo.environment["LAMBDACTL_CONFIG"] != nil
            let loaded = try ProjectConfig.load(path: path, required: named) ?? ProjectConfig(path: path)
            cached = loaded
            return loaded
        } catch {
            printError("error: \(ErrorText.describe(error))")
            throw ExitCode(2)
        }
    }

    static func architecture(_ flag: Architecture?) throws -> Architecture? {
        try flag ?? config().string("function.arch").flatMap(Architecture.init(name:))
    }

    static func runtime(_ flag: TargetRuntime?) throws -> TargetRuntime {
        try flag ?? config().string("function.runtime").flatMap(TargetRuntime.init(rawValue:)) ?? .providedAL2023
    }

    /// `--env KEY=VALUE` flags when given, else `[function] env` as the same `KEY=VALUE` list.
    static func environment(_ flags: [String]) throws -> [String] {
        guard flags.isEmpty else { return flags }
        return try (config().table("function.env") ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// `--layer` flags when given, else `[function] layers` (ARNs and zips alike).
    static func layers(_ flags: [String]) throws -> [String] {
        flags.isEmpty ? try config().strings("function.layers") ?? [] : flags
    }

    /// The function name from a flag or argument, else `[function] name`.
    static func functionName(_ flag: String?) throws -> String? {
        try flag ?? config().string("function.name")
    }

    /// Like `functionName`, but a missing name is a usage error that says where to put it.
    static func requireFunctionName(_ flag: String?) throws -> String {
        guard let name = try functionName(flag) else {
            printError("error: no function given: pass its name, or set [function] name in \(path) (lambdactl init writes one).")
            throw ExitCode(2)
        }
        return name
    }
}
