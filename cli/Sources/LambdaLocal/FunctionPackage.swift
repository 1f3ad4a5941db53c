import Foundation
import LambdaArchive

/// Turns what the user gave (`ZIP`, `--dir`, `--binary`, `--layer`s) into the two folders the
/// function sees as `/var/task` and `/opt`. Zips are unpacked by `LambdaArchive`'s reader, which
/// refuses entries that would escape the folder.
public struct FunctionPackage {
    public let taskRoot: String
    public let optRoot: String
    /// Folder created for unpacking; removed by `cleanUp()`.
    public let workDirectory: String

    public enum Source: Sendable {
        case zip(String)
        case directory(String)
        /// A folder copied into the work folder (`serve --watch`), so that an edit reaches only the
        /// environments started after it: one running the old code keeps reading the old files.
        /// What the watcher ignores (`.git`, `.build*`, `.lambdactl`, editor temp files) is left out.
        case snapshot(String)
        case binary(String)
    }

    public init(source: Source, layers: [String]) throws {
        let work = NSTemporaryDirectory() + "lambdactl-serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fm = FileManager.default
        try fm.createDirectory(atPath: work + "/opt", withIntermediateDirectories: true)
        workDirectory = work
        do {
            switch source {
            case .zip(let path):
                guard fm.fileExists(atPath: path) else { throw LocalError.notFound(path: path, what: "package zip") }
                try fm.createDirectory(atPath: work + "/task", withIntermediateDirectories: true)
                try Self.unzip(path, into: work + "/task", isLayer: false)
                taskRoot = work + "/task"
            case .directory(let path):
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw LocalError.notFound(path: path, what: "code folder")
                }
                taskRoot = URL(fileURLWithPath: path).standardizedFileURL.path
            case .snapshot(let path):
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw LocalError.notFound(path: path, what: "code folder")
                }
                try Self.copyTree(path, to: work + "/task")
                taskRoot = work + "/task"
            case .binary(let path):
                guard fm.fileExists(atPath: path) else { throw LocalError.notFound(path: path, what: "bootstrap binary") }
                try fm.createDirectory(atPath: work + "/task", withIntermediateDirectories: true)
                try fm.copyItem(atPath: path, toPath: work + "/task/bootstrap")
                chmod(work + "/task/bootstrap", 0o755)
                taskRoot = work + "/task"
            }
            // Layers merge in order into one /opt; a later layer's file replaces an earlier one's.
            for (index, layer) in layers.enumerated() {
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: layer, isDirectory: &isDirectory) else { throw LocalError.notFound(path: layer, what: "layer") }
                let staging = work + "/layer\(index)"
                if isDirectory.boolValue {
                    // An unpacked layer folder (handy while building one): copied, symlinks kept.
                    try fm.copyItem(atPath: layer, toPath: staging)
                } else {
                    try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
                    try Self.unzip(layer, into: staging, isLayer: true)
                }
                try Self.merge(staging, into: work + "/opt")
                try? fm.removeItem(atPath: staging)
            }
            optRoot = work + "/opt"
        } catch {
            try? fm.removeItem(atPath: work)
            throw error
        }
    }

    /// Runs the structural checks of `doctor` first (duplicates, conflicts, escaping or looping
    /// links, untraversable folders...) and refuses with their ids before writing anything; the
    /// data itself is verified while it streams to disk, so a bad CRC or a short entry is
    /// reported as `crc-mismatch` with the work folder removed.
    static func unzip(_ path: String, into directory: String, isLayer: Bool) throws {
        do {
            let options = PackageCheckOptions(architecture: nil, isLayer: isLayer)
            let findings = try PackageInspector.structuralFindings(zipAt: path, options: options, verifyData: false)
            if findings.contains(where: { $0.severity == .error }) {
                throw ArchiveError.checksFailed(path: path, findings: findings)
            }
            try ZipReader(path: path).extract(to: directory)
        } catch {
            throw LocalError.unpackFailed(path: path, reason: "\(error)")
        }
    }

    /// Moves every entry of `source` into `destination`, recursing into folders both have.
    static func merge(_ source: String, into destination: String) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: source) {
            let from = source + "/" + name, to = destination + "/" + name
            var fromIsDir: ObjCBool = false, toIsDir: ObjCBool = false
            _ = fm.fileExists(atPath: from, isDirectory: &fromIsDir)
            let fromIsLink = (try? fm.destinationOfSymbolicLink(atPath: from)) != nil
            let toExists = (try? fm.attributesOfItem(atPath: to)) != nil
            if toExists, fm.fileExists(atPath: to, isDirectory: &toIsDir), toIsDir.boolValue,
               fromIsDir.boolValue, !fromIsLink, (try? fm.destinationOfSymbolicLink(atPath: to)) == nil {
                try merge(from, into: to)
            } else {
                if toExists { try fm.removeItem(atPath: to) }
                try fm.moveItem(atPath: from, toPath: to)
            }
        }
    }

    /// Copies a folder, keeping modes and symlinks (as links), leaving out `SourceWatcher`'s
    /// ignored names and anything but files, folders and links (a FIFO would block a reader).
    /// Folders stay writable by their owner so that `cleanUp` can remove them.
    static func copyTree(_ source: String, to destination: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else { throw LocalError.notFound(path: source, what: "code folder") }
        guard mkdir(destination, 0o700) == 0 || errno == EEXIST else {
            throw LocalError.unpackFailed(path: source, reason: "cannot create \(destination): \(String(cString: strerror(errno)))")
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: source).sorted() where !SourceWatcher.isIgnored(name) {
            let from = source + "/" + name, to = destination + "/" + name
            var entry = stat()
            guard lstat(from, &entry) == 0 else { continue }
            switch entry.st_mode & S_IFMT {
            case S_IFDIR:
                try copyTree(from, to: to)
            case S_IFLNK:
                try FileManager.default.createSymbolicLink(atPath: to, withDestinationPath: try FileManager.default.destinationOfSymbolicLink(atPath: from))
            case S_IFREG:
                try FileManager.default.copyItem(atPath: from, toPath: to)
                chmod(to, entry.st_mode & 0o7777)
            default:
                continue
            }
        }
        chmod(destination, (info.st_mode & 0o7777) | 0o700)
    }

    public func cleanUp() {
        try? FileManager.default.removeItem(atPath: workDirectory)
    }
}
