import Foundation

/// Turns a `PackageSpec` into a checked zip: collects the entries with the modes Lambda needs,
/// writes them to a temporary file beside the output, runs every check on what was written and only
/// then renames it into place. A failed check leaves no zip behind.
public enum PackageBuilder {
    /// Names never packaged from a folder: VCS data, caches, and lambdactl's own output folder.
    static let excludedNames: Set<String> = [".git", ".hg", ".svn", "__pycache__", ".DS_Store", ".lambdactl", ".swiftpm"]

    public static func build(_ spec: PackageSpec) throws -> PackageReport {
        if let level = spec.compressionLevel, !(0...9).contains(level) { throw PackageError.invalidCompressionLevel(level) }
        let output = URL(fileURLWithPath: spec.output).standardizedFileURL.path
        let entries = try collect(spec, excluding: output)

        let layerBytes = try spec.checks.layers.reduce(UInt64(0)) { total, layer in
            total + (try ZipReader(path: layer).entries.reduce(0) { $0 + $1.uncompressedSize })
        }
        let inputBytes = entries.reduce(UInt64(0)) { total, entry in
            switch entry.content {
            case .file(let path): return total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0)
            case .bytes(let bytes): return total + UInt64(bytes.count)
            default: return total
            }
        }
        if inputBytes + layerBytes > PackageLimits.unzippedBytes { throw PackageError.tooLarge(bytes: inputBytes + layerBytes) }

        let folder = (output as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/." + (output as NSString).lastPathComponent + ".partial-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try ZipWriter(compressionLevel: spec.compressionLevel, timestamp: spec.timestamp).write(entries, to: temporary)
        var report = try PackageInspector.inspect(zipAt: temporary, options: spec.checks)
        report.path = output
        if report.hasErrors { throw PackageError.checksFailed(report) }
        guard rename(temporary, output) == 0 else {
            throw ArchiveError.cannotWrite(path: output, reason: String(cString: strerror(errno)))
        }
        return report
    }

    /// The entries for `spec`, with `bootstrap` always 0755, other files 0755 when executable on disk
    /// else 0644, folders 0755 and symlinks kept as links.
    public static func collect(_ spec: PackageSpec, excluding excluded: String? = nil) throws -> [ZipEntrySource] {
        guard spec.binary != nil || spec.directory != nil else { throw PackageError.noInput }
        var entries: [String: ZipEntrySource] = [:]
        func insert(_ entry: ZipEntrySource) throws {
            guard entries[entry.entryName] == nil else { throw PackageError.duplicateEntry(entry.entryName) }
            entries[entry.entryName] = entry
        }
        if let directory = spec.directory {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
                throw PackageError.inputNotFound(directory)
            }
            if spec.binary == nil, !FileManager.default.fileExists(atPath: directory + "/bootstrap") {
                throw PackageError.noBootstrapInDirectory(directory)
            }
            for entry in try walk(directory, under: "", excluding: excluded) where !(spec.binary != nil && entry.name == "bootstrap") {
                try insert(entry)
            }
        }
        if let binary = spec.binary {
            guard FileManager.default.fileExists(atPath: binary) else { throw PackageError.inputNotFound(binary) }
            try insert(ZipEntrySource(name: "bootstrap", content: .file(path: binary), permissions: 0o755))
        }
        for include in spec.includes {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: include, isDirectory: &isFolder) else { throw PackageError.inputNotFound(include) }
            let name: String
            if include.hasPrefix("/") {
                name = (include as NSString).lastPathComponent
            } else {
                guard let parts = ZipReader.safeComponents(of: include) else { throw ArchiveError.invalidEntryName(include) }
                name = parts.joined(separator: "/")
            }
            // Parent folders of a nested include get their own entries, as zip -r would write them.
            let parents = name.split(separator: "/").dropLast()
            for length in stride(from: 1, through: parents.count, by: 1) {
                let folder = parents.prefix(length).joined(separator: "/") + "/"
                if entries[folder] == nil { entries[folder] = ZipEntrySource(name: folder, content: .directory) }
            }
            if isFolder.boolValue {
                try insert(ZipEntrySource(name: name, content: .directory))
                for entry in try walk(include, under: name + "/", excluding: excluded) { try insert(entry) }
            } else {
                try insert(try entry(for: include, name: name))
            }
        }
        return Array(entries.values)
    }

    /// The entries for everything in `folder` (modes as `collect` gives them), e.g. a layer tree.
    public static func entries(ofFolder folder: String) throws -> [ZipEntrySource] {
        try walk(folder, under: "", excluding: nil)
    }

    static func walk(_ folder: String, under prefix: String, excluding excluded: String?) throws -> [ZipEntrySource] {
        var result: [ZipEntrySource] = []
        for child in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            if excludedNames.contains(child) || child.hasPrefix(".build") || child.hasSuffix(".pyc") { continue }
            let path = folder + "/" + child
            if let excluded, URL(fileURLWithPath: path).standardizedFileURL.path == excluded { continue }
            if child.hasPrefix(".") && child.contains(".partial-") { continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                result.append(ZipEntrySource(name: prefix + child, content: .directory))
                result += try walk(path, under: prefix + child + "/", excluding: excluded)
            } else {
                result.append(try entry(for: path, name: prefix + child))
            }
        }
        return result
    }

    static func entry(for path: String, name: String) throws -> ZipEntrySource {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        if attributes[.type] as? FileAttributeType == .typeSymbolicLink {
            return ZipEntrySource(name: name, content: .symlink(target: try FileManager.default.destinationOfSymbolicLink(atPath: path)))
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.uint32Value ?? 0o644
        let executable = name == "bootstrap" || mode & 0o111 != 0
        return ZipEntrySource(name: name, content: .file(path: path), permissions: executable ? 0o755 : 0o644)
    }
}
