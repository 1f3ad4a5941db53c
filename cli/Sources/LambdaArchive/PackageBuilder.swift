import Foundation

/// Turns a `PackageSpec` into a checked zip: collects the entries with the modes Lambda needs,
/// writes them to a staging folder beside the output, runs every check on what was written and only
/// then renames it into place. A failed check leaves no zip behind, nor does SIGINT or SIGTERM
/// while the staging folder exists (`PartialFileCleanup`); an older zip at the output path is
/// never touched unless the new one passes.
public enum PackageBuilder {
    /// Names never packaged from a folder: VCS data, caches, and lambdactl's own output folder.
    static let excludedNames: Set<String> = [".git", ".hg", ".svn", "__pycache__", ".DS_Store", ".lambdactl", ".swiftpm"]

    public static func build(_ spec: PackageSpec) throws -> PackageReport {
        if let level = spec.compressionLevel, !(0...9).contains(level) { throw PackageError.invalidCompressionLevel(level) }
        let output = URL(fileURLWithPath: spec.output).standardizedFileURL.path
        let entries = try collect(spec, excluding: output)

        var sizes = try spec.checks.layers.map { try ZipReader(path: $0).entries.totalUncompressedSize }
        for entry in entries {
            switch entry.content {
            // stat, not FileManager's attributes: those also look up the owner's name (a socket to
            // nscd for every file), which cost a quarter of the time to package 5,000 small files.
            case .file(let path): sizes.append(fileStatus(following: path).map { UInt64(clamping: $0.st_size) } ?? 0)
            case .bytes(let bytes): sizes.append(UInt64(bytes.count))
            default: break
            }
        }
        let total = sizes.reduce(UInt64(0)) { $0.addingReportingOverflow($1).overflow ? .max : $0 + $1 }
        if total > PackageLimits.unzippedBytes { throw PackageError.tooLarge(bytes: total) }

        let folder = PathText.parent(output)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // One staging folder beside the output holds every unfinished file (see PartialFileCleanup),
        // on the output's file system so that the final rename is atomic.
        let name = PathText.lastComponent(output)
        let staging = folder + "/." + name + ".partial-\(getpid())"
        PartialFileCleanup.remove(staging: staging)
        guard mkdir(staging, 0o700) == 0 else {
            throw ArchiveError.cannotWrite(path: output, reason: "cannot create \(staging): \(String(cString: strerror(errno)))")
        }
        let temporary = staging + "/" + name
        let cleanup = PartialFileCleanup(staging: staging)
        defer {
            PartialFileCleanup.remove(staging: staging)
            cleanup.end()
        }
        try ZipWriter(compressionLevel: spec.compressionLevel, timestamp: spec.timestamp).write(entries, to: temporary)
        var report = try PackageInspector.inspect(zipAt: temporary, options: spec.checks)
        report.path = output
        if report.hasErrors { throw PackageError.checksFailed(report) }
        guard rename(temporary, output) == 0 else {
            throw ArchiveError.cannotWrite(path: output, reason: String(cString: strerror(errno)))
        }
        return report
    }

    /// The checks of `collect` that need no bootstrap yet: the folder and every include exist and
    /// are usable. `package --product` runs them before it builds, so that a mistyped
    /// `--include` is reported at once instead of after a build of minutes.
    public static func checkInputs(_ spec: PackageSpec) throws {
        if let directory = spec.directory {
            guard let type = fileType(following: directory) else { throw PackageError.inputNotFound(directory) }
            guard type == S_IFDIR else { throw PackageError.unsupportedFileType(path: directory, kind: "file, not a folder (--dir takes a folder; --binary a file)") }
            guard access(directory, R_OK | X_OK) == 0 else { throw PackageError.unreadableInput(path: directory, reason: "permission denied") }
        }
        for include in spec.includes {
            guard let type = fileType(following: include) else { throw PackageError.inputNotFound(include) }
            guard access(include, type == S_IFDIR ? R_OK | X_OK : R_OK) == 0 else {
                throw PackageError.unreadableInput(path: include, reason: "permission denied")
            }
            if !PathText.isAbsolute(include), ZipReader.safeComponents(of: include) == nil { throw ArchiveError.invalidEntryName(include) }
        }
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
            guard let type = fileType(following: directory) else { throw PackageError.inputNotFound(directory) }
            guard type == S_IFDIR else { throw PackageError.unsupportedFileType(path: directory, kind: "file, not a folder (--dir takes a folder; --binary a file)") }
            if spec.binary == nil, fileType(following: directory + "/bootstrap") == nil {
                throw PackageError.noBootstrapInDirectory(directory)
            }
            let patterns = spec.excludes.map { ExcludePattern($0) }
            for entry in try walk(directory, under: "", excluding: excluded, patterns: patterns)
            where !(spec.binary != nil && entry.name == "bootstrap") {
                try insert(entry)
            }
        }
        if let binary = spec.binary {
            guard let type = fileType(following: binary) else { throw PackageError.inputNotFound(binary) }
            try requirePlainFile(binary, type: type)
            try insert(ZipEntrySource(name: "bootstrap", content: .file(path: binary), permissions: 0o755))
        }
        for include in spec.includes {
            guard let type = fileType(following: include) else { throw PackageError.inputNotFound(include) }
            let isFolder = type == S_IFDIR
            let name: String
            if PathText.isAbsolute(include) {
                name = PathText.lastComponent(include)
            } else {
                guard let parts = ZipReader.safeComponents(of: include) else { throw ArchiveError.invalidEntryName(include) }
                name = parts.joined(separator: "/")
            }
            // Parent folders of a nested include get their own entries, as zip -r would write them.
            let parents = PathText.components(of: name).dropLast()
            for length in stride(from: 1, through: parents.count, by: 1) {
                let folder = parents.prefix(length).joined(separator: "/") + "/"
                if entries[folder] == nil { entries[folder] = ZipEntrySource(name: folder, content: .directory) }
            }
            if isFolder {
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

    /// Walks `folder` with `lstat` only: a FIFO, socket or device is refused by its type before
    /// anything opens it (opening a FIFO for reading blocks until a writer comes, i.e. forever).
    static func walk(_ folder: String, under prefix: String, excluding excluded: String?,
                     patterns: [ExcludePattern] = []) throws -> [ZipEntrySource] {
        // The output is compared by its standardised path only when a child has its name: building
        // a URL for every file cost more than reading it.
        let excludedName = excluded.map(PathText.lastComponent)
        var result: [ZipEntrySource] = []
        let children: [String]
        do {
            children = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw PackageError.unreadableInput(path: folder, reason: access(folder, R_OK | X_OK) == 0 ? "\(error)" : "permission denied")
        }
        for child in children {
            if excludedNames.contains(child) || child.hasPrefix(".build") || child.hasSuffix(".pyc") { continue }
            let path = folder + "/" + child
            if let excluded, child == excludedName, URL(fileURLWithPath: path).standardizedFileURL.path == excluded { continue }
            if child.hasPrefix(".") && child.contains(".partial-") { continue }
            let relative = prefix + child
            if relative != "bootstrap", patterns.contains(where: { $0.matches(relative) }) { continue }
            guard let info = fileStatus(of: path) else { throw PackageError.inputNotFound(path) }
            if info.st_mode & S_IFMT == S_IFDIR {
                result.append(ZipEntrySource(name: relative, content: .directory))
                result += try walk(path, under: relative + "/", excluding: excluded, patterns: patterns)
            } else {
                result.append(try entry(for: path, name: relative, status: info))
            }
        }
        return result
    }

    /// The entry for `path` as `lstat` found it (`status`, when the caller already has it).
    static func entry(for path: String, name: String, status: stat? = nil) throws -> ZipEntrySource {
        guard let info = status ?? fileStatus(of: path) else { throw PackageError.inputNotFound(path) }
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            return ZipEntrySource(name: name, content: .symlink(target: try FileManager.default.destinationOfSymbolicLink(atPath: path)))
        }
        try requirePlainFile(path, type: type)
        let mode = UInt32(info.st_mode) & 0o7777
        let executable = name == "bootstrap" || mode & 0o111 != 0
        return ZipEntrySource(name: name, content: .file(path: path), permissions: executable ? 0o755 : 0o644)
    }

    /// Refuses anything but a regular file this user can read, before libzip opens it.
    static func requirePlainFile(_ path: String, type: mode_t) throws {
        switch type {
        case S_IFREG:
            guard access(path, R_OK) == 0 else { throw PackageError.unreadableInput(path: path, reason: String(cString: strerror(errno))) }
        case S_IFDIR: throw PackageError.unsupportedFileType(path: path, kind: "folder (a file is expected here)")
        case S_IFIFO: throw PackageError.unsupportedFileType(path: path, kind: "FIFO (named pipe)")
        case S_IFSOCK: throw PackageError.unsupportedFileType(path: path, kind: "socket")
        case S_IFCHR: throw PackageError.unsupportedFileType(path: path, kind: "character device")
        case S_IFBLK: throw PackageError.unsupportedFileType(path: path, kind: "block device")
        default: throw PackageError.unsupportedFileType(path: path, kind: "file of unknown type")
        }
    }

    /// `lstat` of `path` itself (a symlink is `S_IFLNK`), or `nil` when it does not exist.
    static func fileStatus(of path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    /// `stat` of what `path` leads to, following symlinks (`--binary` may be a link).
    static func fileStatus(following path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    /// The `S_IFMT` bits of what `path` leads to, following symlinks (`--binary` may be a link).
    static func fileType(following path: String) -> mode_t? { fileStatus(following: path).map { $0.st_mode & S_IFMT } }
}
