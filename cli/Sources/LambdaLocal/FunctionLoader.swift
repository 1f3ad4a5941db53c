import Foundation
import LambdaArchive

/// Reads a function's files and runs serve's checks on them (a bootstrap that runs, an
/// architecture this machine can run), the same way at start and at every `--watch` reload.
/// The CLI only prints what it returns.
public struct FunctionLoader: Sendable {
    /// Layer zips and folders (ARNs are the CLI's to drop: serve cannot fetch them).
    public var layers: [String]
    /// Everything but the folders: name, timeout, memory, environment, isolation...
    public var base: FunctionConfiguration
    /// `--arch` or `[function] arch`; must agree with the bootstrap when given.
    public var requested: Architecture?

    public init(layers: [String], base: FunctionConfiguration, requested: Architecture?) {
        self.layers = layers
        self.base = base
        self.requested = requested
    }

    /// The unpacked (or copied) function and the configuration that serves it. On failure nothing
    /// is left in the temp folder, and an error about a `--watch` copy names the user's folder.
    public func load(_ source: FunctionPackage.Source) throws -> (FunctionPackage, FunctionConfiguration) {
        let package = try FunctionPackage(source: source, layers: layers)
        do {
            var config = base
            config.taskRoot = package.taskRoot
            config.optRoot = package.optRoot
            config.emulation = try Emulation.plan(program: try config.programArchitecture(), requested: requested,
                                                  registry: .system(), isolation: config.isolation)
            try Self.checkScript(at: try config.bootstrapLocation().host)
            return (package, config)
        } catch {
            package.cleanUp()
            if case LocalError.bootstrapCheck(let path, let finding) = error {
                throw LocalError.bootstrapCheck(path: Self.userPath(path, of: package, source: source), finding: finding)
            }
            if case .snapshot(let folder) = source, let error = error as? LocalError {
                throw error.naming(package.taskRoot, as: Self.absolute(folder))
            }
            throw error
        }
    }

    /// What one `--watch` reload did, in the words serve prints.
    public enum ReloadOutcome: Sendable {
        /// The new code serves from the next cold start on.
        case reloaded(seconds: Double, changed: String)
        /// The old code keeps serving; `error` says why the new one was refused.
        case failed(error: any Error, changed: String)

        /// serve's line on standard output.
        public var summary: String {
            switch self {
            case .reloaded(let seconds, let changed):
                return "lambdactl serve: reloaded in \(String(format: "%.1f", seconds)) s (\(changed))"
            case .failed(_, let changed):
                return "lambdactl serve: reload failed (\(changed)); still serving the previous code, see the error above"
            }
        }
    }

    /// One `--watch` reload: `source` (a new copy of the watched folder, or the zip a rebuild
    /// wrote) loaded and checked as at start, then swapped into `emulator`; on failure the old
    /// code keeps serving. Runs on the watcher's thread.
    public func reload(_ source: FunctionPackage.Source, change: SourceWatcher.Change, into emulator: LocalEmulator,
                       started: Date = Date()) -> ReloadOutcome {
        let changed = Self.describe(change)
        do {
            let (package, config) = try load(source)
            let work = package.workDirectory
            do {
                try emulator.replaceCode(taskRoot: config.taskRoot, optRoot: config.optRoot, emulation: config.emulation,
                                         release: { _ = try? FileManager.default.removeItem(atPath: work) })
            } catch {
                package.cleanUp()
                if case .snapshot(let dir) = source, let local = error as? LocalError {
                    throw local.naming(package.taskRoot, as: Self.absolute(dir))
                }
                throw error
            }
            return .reloaded(seconds: Date().timeIntervalSince(started), changed: changed)
        } catch {
            return .failed(error: error, changed: changed)
        }
    }

    /// `1 file changed`, `3 files changed`, as the reload line says it.
    public static func describe(_ change: SourceWatcher.Change) -> String {
        change.paths.isEmpty ? "files changed" : change.paths.count == 1 ? "1 file changed" : "\(change.paths.count) files changed"
    }

    /// A script bootstrap with CRLF line endings would start and fail with "not found" at the
    /// first invocation: refused at start (and at a reload) with doctor's `bootstrap-crlf`.
    static func checkScript(at path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        // Two bytes tell a script from a binary, so an ELF bootstrap costs one small read; a
        // script is read up to its first MiB, as doctor reads it.
        let magic = (try? handle.read(upToCount: 2)) ?? Data()
        guard magic.elementsEqual("#!".utf8) else { return }
        let head = magic + ((try? handle.read(upToCount: (1 << 20) - 2)) ?? Data())
        if let finding = BootstrapLineEndings.finding(script: Array(head), entry: nil) {
            throw LocalError.bootstrapCheck(path: path, finding: finding)
        }
    }

    /// `path` (in serve's unpacked copy) as the user knows it: `fn.zip:bootstrap`, their folder's
    /// file, their `--binary`, or `/opt/bootstrap (from the layers)`.
    static func userPath(_ path: String, of package: FunctionPackage, source: FunctionPackage.Source) -> String {
        if path.hasPrefix(package.optRoot + "/") { return "/opt" + path.dropFirst(package.optRoot.count) + " (from the layers)" }
        guard path.hasPrefix(package.taskRoot + "/") else { return path }
        let inside = String(path.dropFirst(package.taskRoot.count + 1))
        switch source {
        case .zip(let zip): return "\(zip):\(inside)"
        case .snapshot(let folder), .directory(let folder): return absolute(folder) + "/" + inside
        case .binary(let binary): return binary
        }
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
