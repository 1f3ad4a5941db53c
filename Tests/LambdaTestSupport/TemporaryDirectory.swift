import Foundation

/// A fresh folder under the system temp directory, removed by `remove()` (call it in `defer`).
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "lambdactl-test") throws {
        let base = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    /// `path/relative`, creating parent folders so tests can write nested files in one call.
    public func file(_ relative: String) -> String {
        let full = path + "/" + relative
        try? FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return full
    }

    /// Writes `contents` at `relative` with the given POSIX mode and returns the full path.
    @discardableResult
    public func write(_ relative: String, _ contents: String, mode: Int = 0o644) throws -> String {
        try write(relative, Data(contents.utf8), mode: mode)
    }

    @discardableResult
    public func write(_ relative: String, _ contents: Data, mode: Int = 0o644) throws -> String {
        let full = file(relative)
        try contents.write(to: URL(fileURLWithPath: full))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full)
        return full
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relative)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// `remove()`, and the lock files SwiftPM leaves in the temp folder for packages built in this
    /// folder (named after the package's path with '/' as '_').
    public func removeIncludingSwiftPMLocks() {
        remove()
        let temporary = FileManager.default.temporaryDirectory.path
        let prefix = path.replacingOccurrences(of: "/", with: "_")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
    }
}
