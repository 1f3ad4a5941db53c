import Crypto
import Foundation

/// Runs every pre-flight check on a deployment zip (and the layers it will run with), the way Lambda
/// would fail on them, before anything is uploaded.
///
/// The checks map one-to-one to the failures users meet in production: a missing or misplaced
/// `bootstrap`, no exec bit (`permission denied`), a Windows-made zip, CRLF shebangs (`no such file or
/// directory`), a missing interpreter (exit 127), the wrong architecture (`exec format error`), a glibc
/// too new for the runtime (`version 'GLIBC_2.35' not found`), shared libraries the runtime lacks
/// (a dynamically linked Swift stdlib), size limits and unreadable files.
public enum PackageInspector {
    public static func inspect(zipAt path: String, options: PackageCheckOptions) throws -> PackageReport {
        let zip = try ZipReader(path: path)
        let layers = try options.layers.map { try ZipReader(path: $0) }
        var context = CheckContext(zip: zip, layers: layers, options: options)
        context.run()
        let digest = try sha256(ofFileAt: path)
        let unzipped = zip.entries.totalUncompressedSize
        return PackageReport(
            path: path,
            architecture: context.architecture,
            runtime: options.runtime,
            entries: zip.entries.map {
                PackageReport.Entry(name: $0.name, mode: $0.modeString, permissions: String($0.permissions, radix: 8).leftPadded(to: 4),
                                    size: $0.uncompressedSize, compressedSize: $0.compressedSize, madeBy: "\($0.madeBy)")
            },
            zippedSize: context.zippedSize,
            unzippedSize: unzipped,
            totalUnzippedSize: context.totalUnzipped,
            layers: options.layers,
            sha256Hex: HexText.lowercase(digest),
            codeSha256: Data(digest).base64EncodedString(),
            bootstrap: context.bootstrapSummary,
            findings: context.findings.sorted { ($0.severity == .error ? 0 : 1) < ($1.severity == .error ? 0 : 1) })
    }

    /// SHA-256 of a file, read with `read(2)` into one 64 KiB buffer: the same block size as the
    /// zip reader's, so hashing a 50 MB zip costs 64 KiB of heap (Foundation's `FileHandle.read`
    /// allocated a new 1 MiB `Data` per block, most of `package`'s peak heap).
    public static func sha256(ofFileAt path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: ZipReader.bufferSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return Array(hasher.finalize())
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// The state of one inspection: the zips, what has been learned, and the findings so far.
struct CheckContext {
    let zip: ZipReader
    let layers: [ZipReader]
    let options: PackageCheckOptions
    var findings: [Finding] = []
    var architecture: Architecture?
    var bootstrapSummary: PackageReport.Bootstrap?
    var totalUnzipped: UInt64 = 0
    let zippedSize: UInt64
    /// Every ELF file, parsed once and shared between the binary and shared-library checks.
    let elves: ELFCatalog
    /// The entries with a safe name (the others are `unsafe-path`), each with the path unzip writes
    /// it to: split once here, since every structural check walks them (for 5,000 files, splitting
    /// in each check was a tenth of `package`'s time), and its node in `paths`.
    let placed: [PlacedEntry]
    /// Every path of `placed` and its folders, as nodes.
    let paths: PathTree

    init(zip: ZipReader, layers: [ZipReader], options: PackageCheckOptions) {
        self.zip = zip
        self.layers = layers
        self.options = options
        elves = ELFCatalog(readers: [zip] + layers)
        var paths = PathTree()
        placed = zip.entries.compactMap { entry in
            ZipReader.safeComponents(of: entry.name).map { PlacedEntry(entry: entry, parts: $0, node: paths.insert($0)) }
        }
        self.paths = paths
        architecture = options.architecture
        zippedSize = (try? FileManager.default.attributesOfItem(atPath: zip.path)[.size] as? NSNumber)?.uint64Value ?? 0
    }

    mutating func add(_ id: String, _ severity: Finding.Severity, _ message: String, fix: String, entry: String? = nil) {
        findings.append(Finding(id: id, severity: severity, message: message, fix: fix, entry: entry))
    }

    /// File names (base names) present in the package or any layer, for `DT_NEEDED` resolution.
    lazy var shippedNames: Set<String> = {
        var names = Set<String>()
        for entry in zip.entries + layers.flatMap(\.entries) where !entry.isDirectory {
            names.insert(PathText.components(of: entry.name).last ?? "")
        }
        return names
    }()

    /// `/opt/...` paths the layers provide (directories included).
    lazy var optPaths: Set<String> = {
        var paths = Set<String>()
        for entry in layers.flatMap(\.entries) {
            let name = PathText.hasTrailingSlash(entry.name) ? String(Substring(entry.name.utf8.dropLast())) : entry.name
            paths.insert("/opt/" + name)
        }
        return paths
    }()

    mutating func run() {
        checkPaths()
        checkEntryStructure(verifyData: true)
        checkSizes()
        checkPermissions()
        if !options.isLayer || zip.entry(named: "bootstrap") != nil { checkBootstrap() }
        checkOtherBinaries()
    }

    // MARK: paths and sizes

    mutating func checkPaths() {
        let safe = Set(placed.map(\.entry.index))
        for entry in zip.entries where !safe.contains(entry.index) {
            add("unsafe-path", .error, "entry '\(entry.name)' has an absolute path or '..'; Lambda cannot unpack it under /var/task.",
                fix: "Rebuild the zip from inside the package folder so every path is relative (lambdactl package --dir FOLDER).", entry: entry.name)
        }
        // Linux refuses longer names with ENAMETOOLONG: NAME_MAX per component, PATH_MAX (with its
        // NUL) for the whole path once unpacked under /var/task or /opt.
        let root = options.isLayer ? "/opt/" : "/var/task/"
        for place in placed where root.utf8.count + place.key.utf8.count >= Int(PATH_MAX) || place.parts.contains(where: { $0.utf8.count > Int(NAME_MAX) }) {
            let name = place.entry.name.utf8
            let shown = name.count > 120 ? String(decoding: name.prefix(60), as: UTF8.self) + "..." + String(decoding: name.suffix(50), as: UTF8.self) : place.entry.name
            add("path-too-long", .error,
                "entry '\(shown)' (\(place.entry.name.utf8.count) bytes, \(place.parts.count - 1) folders deep) is longer than Linux allows (\(NAME_MAX) bytes a name, \(PATH_MAX) a path): Lambda cannot unpack it (ENAMETOOLONG).",
                fix: "Shorten the path or flatten the folders, then rebuild the zip.", entry: place.entry.name)
        }
    }

    mutating func checkSizes() {
        if zippedSize > PackageLimits.directUploadBytes {
            add("needs-s3-upload", .warning, "the zip is \(ByteCount(zippedSize)), over the \(ByteCount(PackageLimits.directUploadBytes)) limit for a direct upload.",
                fix: "Deploy it through S3: lambdactl deploy --s3-bucket BUCKET.")
        }
        if layers.count > PackageLimits.maxLayers {
            add("too-many-layers", .error, "\(layers.count) layers given; a function can use at most \(PackageLimits.maxLayers).",
                fix: "Merge layers (lambdactl build-layer dir) or move their contents into the function package.")
        }
        checkUnzippedSize()
    }

    /// Lambda's limit on code and layers unzipped, judged on the sizes the headers declare (reading
    /// stops at each entry's declared size, so the data cannot hold more).
    mutating func checkUnzippedSize() {
        totalUnzipped = (zip.entries + layers.flatMap(\.entries)).totalUncompressedSize
        if totalUnzipped > PackageLimits.unzippedBytes {
            add("unzipped-too-large", .error,
                "code and layers unzip to \(ByteCount(totalUnzipped)), over Lambda's \(ByteCount(PackageLimits.unzippedBytes)) limit.",
                fix: "Strip binaries (strip, or lambdactl package without --no-strip), drop unused files with fewer --include paths, or ship the function as a container image.")
        }
    }

    mutating func checkPermissions() {
        for entry in zip.entries where entry.madeBy == .unix && !entry.isDirectory && !entry.isSymlink && entry.unixMode != nil {
            if entry.permissions & 0o004 == 0 {
                add("not-world-readable", .error,
                    "'\(entry.name)' has mode \(entry.modeString): Lambda runs the function as another user, who cannot read it.",
                    fix: "chmod a+r the file before zipping (lambdactl package writes 0644 and 0755 only).", entry: entry.name)
            }
        }
    }

    // MARK: bootstrap

    mutating func checkBootstrap() {
        guard var bootstrap = zip.entry(named: "bootstrap") else {
            if layers.contains(where: { $0.entry(named: "bootstrap") != nil }) {
                add("bootstrap-from-layer", .warning, "the function zip has no bootstrap; Lambda will run /opt/bootstrap from a layer.",
                    fix: "Nothing to do if that is intended; otherwise add bootstrap at the zip's root.")
            } else if let nested = zip.entries.first(where: { $0.name.hasSuffix("/bootstrap") }) {
                let folder = String(nested.name.dropLast("/bootstrap".count))
                add("bootstrap-in-subfolder", .error,
                    "bootstrap is at '\(nested.name)', inside the folder '\(folder)'; Lambda only looks at the root (Couldn't find valid bootstrap(s)).",
                    fix: "Zip the folder's contents, not the folder: lambdactl package --dir \(folder) (or cd \(folder) && zip -r ../function.zip .).",
                    entry: nested.name)
            } else {
                add("bootstrap-missing", .error, "the zip has no bootstrap at its root; Lambda fails with 'Couldn't find valid bootstrap(s)'.",
                    fix: "Add the executable as bootstrap: lambdactl package --binary PATH, or --dir FOLDER with a bootstrap in it.")
            }
            return
        }
        if bootstrap.isSymlink, let target = try? String(decoding: zip.contents(of: bootstrap), as: UTF8.self),
           let resolved = zip.entry(named: PathText.remainder(of: target, after: "./") ?? target) {
            bootstrap = resolved
        }
        if bootstrap.madeBy != .unix || bootstrap.unixMode == nil {
            add("not-unix-made", .error,
                "bootstrap was stored by a \(bootstrap.madeBy) tool without Unix permissions, so Lambda sees no exec bit (permission denied, exit 127).",
                fix: "Rebuild the zip with lambdactl package (or Info-ZIP's zip on Linux/macOS after chmod 755 bootstrap); Windows zip tools cannot set the exec bit.",
                entry: bootstrap.name)
        } else if bootstrap.permissions & 0o001 == 0 {
            add("bootstrap-not-executable", .error,
                "bootstrap has mode \(bootstrap.modeString): Lambda runs it as another user and needs the exec bit for others (permission denied, exit 127).",
                fix: "chmod 755 bootstrap before zipping, or let lambdactl package write it (always 0755).", entry: bootstrap.name)
        }
        guard let head = try? zip.contents(of: bootstrap, limit: 4) else { return }
        if ELFFile.hasMagic(head) {
            checkBootstrapBinary(bootstrap)
        } else {
            checkBootstrapScript(bootstrap)
        }
    }
}
