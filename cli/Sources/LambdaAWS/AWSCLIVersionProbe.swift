import Foundation
import LambdaArchive
import LambdaProcess

/// Learns the CLI's version from `aws --version`, remembering it per executable (path, size and
/// modification time) under `~/.cache/lambdactl`, because each CLI start costs over a second.
enum AWSCLIVersionProbe {
    static func version(of executable: String, environment: [String: String], log: (@Sendable (String) -> Void)?,
                        allowV1: Bool = false) async throws -> AWSCLIVersion {
        let key = cacheKey(executable)
        if let key, let cached = readCache()[key] {
            guard cached.major >= 2 || allowV1 else { throw AWSCLIError.notV2(path: executable, output: "aws-cli/\(cached)") }
            return cached
        }
        let result = try await AWSCLI.launch(ChildCommand(executable, ["--version"], environment: environment), log: log)
        let output = String(decoding: result.standardOutput + result.standardError, as: UTF8.self)
        guard result.status == 0, let version = AWSCLIVersion(versionOutput: output) else {
            throw AWSCLIError.notV2(path: executable, output: String(output.prefix(200)))
        }
        if let key { writeCache(key, version) }
        guard version.major >= 2 || allowV1 else { throw AWSCLIError.notV2(path: executable, output: output) }
        return version
    }

    static func cacheKey(_ executable: String) -> String? {
        let resolved = URL(fileURLWithPath: executable).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
              let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date else { return nil }
        return "\(resolved)|\(size)|\(Int(date.timeIntervalSince1970))"
    }

    static var cacheFile: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSTemporaryDirectory()) + "/.cache"
        return base + "/lambdactl/aws-cli-versions.json"
    }

    static func readCache() -> [String: AWSCLIVersion] {
        guard let data = FileManager.default.contents(atPath: cacheFile) else { return [:] }
        return (try? JSONDecoder().decode([String: AWSCLIVersion].self, from: data)) ?? [:]
    }

    /// Best effort: a cache that cannot be written only costs time.
    static func writeCache(_ key: String, _ version: AWSCLIVersion) {
        var cache = readCache()
        cache[key] = version
        guard let data = try? JSONEncoder().encode(cache) else { return }
        let path = cacheFile
        try? FileManager.default.createDirectory(atPath: PathText.parent(path), withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).tmp"
        if FileManager.default.createFile(atPath: temporary, contents: data) {
            if rename(temporary, path) != 0 { unlink(temporary) }
        }
    }
}
