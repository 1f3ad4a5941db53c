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
            sha256Hex: digest.map { String(format: "%02x", $0) }.joined(),
            codeSha256: Data(digest).base64EncodedString(),
            bootstrap: context.bootstrapSummary,
            findings: context.findings.sorted { ($0.severity == .error ? 0 : 1) < ($1.severity == .error ? 0 : 1) })
    }

    /// SHA-256 of a file, read in 1 MiB blocks so a 50 MB zip is not held in memory twice.
    public static func sha256(ofFileAt path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ArchiveError.cannotRead(path: path, reason: "cannot open")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
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

    init(zip: ZipReader, layers: [ZipReader], options: PackageCheckOptions) {
        self.zip = zip
        self.layers = layers
        self.options = options
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
            names.insert(String(entry.name.split(separator: "/").last ?? ""))
        }
        return names
    }()

    /// `/opt/...` paths the layers provide (directories included).
    lazy var optPaths: Set<String> = {
        var paths = Set<String>()
        for entry in layers.flatMap(\.entries) {
            let name = entry.name.hasSuffix("/") ? String(entry.name.dropLast()) : entry.name
            paths.insert("/opt/" + name)
        }
        return paths
    }()

    mutating func run() {
        checkPaths()
        checkEntryStructure(verifyData: true)
        checkSizes()
        checkPermissions()
        checkSymlinks()
        if !options.isLayer || zip.entry(named: "bootstrap") != nil { checkBootstrap() }
        checkOtherBinaries()
    }

    // MARK: paths and sizes

    mutating func checkPaths() {
        for entry in zip.entries where ZipReader.safeComponents(of: entry.name) == nil {
            add("unsafe-path", .error, "entry '\(entry.name)' has an absolute path or '..'; Lambda cannot unpack it under /var/task.",
                fix: "Rebuild the zip from inside the package folder so every path is relative (lambdactl package --dir FOLDER).", entry: entry.name)
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
           let resolved = zip.entry(named: target.hasPrefix("./") ? String(target.dropFirst(2)) : target) {
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

    mutating func checkBootstrapBinary(_ entry: ZipEntryInfo) {
        guard let bytes = try? zip.contents(of: entry), let elf = try? ELFFile(bytes: bytes) else {
            add("elf-malformed", .error, "bootstrap starts like an ELF binary but cannot be parsed.",
                fix: "Rebuild the binary; the file may be truncated.", entry: entry.name)
            return
        }
        if architecture == nil { architecture = elf.architecture }
        bootstrapSummary = .init(kind: "elf", architecture: elf.architecture, interpreter: elf.interpreter,
                                 maxGlibc: elf.maxGlibc, neededLibraries: elf.neededLibraries, shebang: nil)
        checkELF(elf, name: entry.name, isBootstrap: true)
    }

    mutating func checkELF(_ elf: ELFFile, name: String, isBootstrap: Bool) {
        if let expected = architecture, elf.machine != expected.elfMachine {
            let found = elf.architecture.map { "\($0)" } ?? "e_machine \(elf.machine)"
            add("elf-architecture-mismatch", .error,
                "'\(name)' is built for \(found) but the function is \(expected); Lambda fails with 'exec format error'.",
                fix: elf.architecture.map { "Rebuild it for \(expected) (lambdactl package --arch \(expected)), or deploy with --arch \($0)." }
                    ?? "Rebuild it for \(expected).", entry: name)
        }
        if let needed = elf.maxGlibc, needed > options.runtime.glibc {
            add("glibc-too-new", .error,
                "'\(name)' needs \(needed) but \(options.runtime) has glibc \(options.runtime.glibc.major).\(options.runtime.glibc.minor): it fails with \"version '\(needed)' not found\".",
                fix: "Build on an older glibc (lambdactl package --build docker uses an Amazon Linux 2023 image), or link fully static (-Xswiftc -static-executable); Foundation and SwiftNIO pull hypotf@GLIBC_2.35 when linked on Debian 12.",
                entry: name)
        }
        if let interpreter = elf.interpreter, !["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"].contains(interpreter) {
            add("elf-interpreter", .warning, "'\(name)' asks for the program interpreter \(interpreter), which Amazon Linux does not have.",
                fix: "Link against glibc (not musl) or fully static.", entry: name)
        }
        for library in elf.neededLibraries where !options.runtime.baseLibraries.contains(library) && !shippedNames.contains(library) {
            let swift = library.hasPrefix("libswift") || library.hasPrefix("libFoundation") || library == "libdispatch.so" || library == "libBlocksRuntime.so"
            add("missing-shared-library", isBootstrap ? .error : .warning,
                "'\(name)' needs \(library), which \(options.runtime) does not provide and neither the package nor its layers ship (exit 127: cannot open shared object file).",
                fix: swift ? "Link the Swift runtime statically: swift build -c release --static-swift-stdlib (lambdactl package --product does)."
                           : "Ship \(library) in the package's lib/ folder or a layer's lib/ (on LD_LIBRARY_PATH as /var/task/lib and /opt/lib), or link it statically.",
                entry: name)
        }
    }

    mutating func checkBootstrapScript(_ entry: ZipEntryInfo) {
        guard let bytes = try? zip.contents(of: entry) else { return }
        // Split on LF bytes: Swift treats "\r\n" as one Character, which would hide the CR.
        let rawLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let lines = rawLines.map { String(decoding: $0, as: UTF8.self) }
        let first = lines.first ?? ""
        guard first.hasPrefix("#!") else {
            add("shebang-missing", .error, "bootstrap is neither an ELF binary nor a script starting with '#!'; Lambda fails with 'exec format error'.",
                fix: "Start the script with a shebang line such as #!/bin/sh.", entry: entry.name)
            bootstrapSummary = .init(kind: "script", architecture: nil, interpreter: nil, maxGlibc: nil, neededLibraries: nil, shebang: nil)
            return
        }
        if rawLines.contains(where: { $0.last == 0x0D }) {
            add("bootstrap-crlf", .error,
                "bootstrap has Windows (CRLF) line endings: the kernel looks for '\(first.dropFirst(2).replacingOccurrences(of: "\r", with: "\\r"))' and Lambda reports 'no such file or directory'.",
                fix: "Convert it to LF (sed -i 's/\\r$//' bootstrap, or dos2unix), and stop git from converting it (.gitattributes: bootstrap text eol=lf).",
                entry: entry.name)
        }
        let shebang = first.dropFirst(2).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\r")))
        let words = shebang.split(separator: " ").map(String.init)
        bootstrapSummary = .init(kind: "script", architecture: nil, interpreter: words.first, maxGlibc: nil, neededLibraries: nil, shebang: shebang)
        if let interpreter = words.first {
            if interpreter == "/usr/bin/env", let command = words.dropFirst().first(where: { !$0.hasPrefix("-") }) {
                if !["sh", "bash"].contains(command) {
                    requireFromLayer("/opt/bin/" + command, what: "as its interpreter (#!/usr/bin/env \(command))", entry: entry.name, command: true)
                }
            } else {
                requireCommand(interpreter, what: "as its interpreter", entry: entry.name)
            }
        }
        // Programs the script hands over to with `exec`: they must exist and be executable where it says.
        for line in lines {
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
            guard let index = words.firstIndex(of: "exec"), index + 1 < words.count else { continue }
            let target = words[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'\r"))
            if target.hasPrefix("/") || target.hasPrefix("./") || target.hasPrefix("$LAMBDA_TASK_ROOT/") || target.hasPrefix("${LAMBDA_TASK_ROOT}/") {
                requireCommand(target, what: "with exec", entry: entry.name)
            }
        }
    }

    /// Checks that `path` (as the script names it) will exist and be executable on Lambda.
    mutating func requireCommand(_ path: String, what: String, entry: String) {
        var packagePath: String?
        for prefix in ["./", "$LAMBDA_TASK_ROOT/", "${LAMBDA_TASK_ROOT}/", "/var/task/"] where path.hasPrefix(prefix) {
            packagePath = String(path.dropFirst(prefix.count))
        }
        if let packagePath {
            guard let target = zip.entry(named: packagePath) else {
                add("exec-target-missing", .error, "bootstrap runs \(path) \(what), but the package has no '\(packagePath)'.",
                    fix: "Add it to the package (--include \(packagePath)) or fix the path in bootstrap.", entry: entry)
                return
            }
            if target.madeBy == .unix, target.unixMode != nil, target.permissions & 0o001 == 0 {
                add("exec-target-not-executable", .error, "bootstrap runs '\(packagePath)', which has mode \(target.modeString) (permission denied).",
                    fix: "chmod 755 \(packagePath) before packaging.", entry: packagePath)
            }
        } else if path.hasPrefix("/opt/") {
            requireFromLayer(path, what: what, entry: entry, command: true)
        } else if !options.runtime.interpreters.contains(path) && !path.hasPrefix("/usr/bin/") && !path.hasPrefix("/bin/") {
            add("interpreter-missing", .error, "bootstrap runs \(path) \(what), but \(path) is not part of \(options.runtime) (exit 127).",
                fix: "Use /bin/sh or /bin/bash, or ship the program in the package or a layer and name it by its /var/task or /opt path.", entry: entry)
        } else if !options.runtime.interpreters.contains(path),
                  ["python", "node", "ruby", "perl", "php", "java"].contains(where: { (path as NSString).lastPathComponent.hasPrefix($0) }) {
            add("interpreter-missing", .error, "bootstrap runs \(path) \(what), but \(options.runtime) ships no language runtime (exit 127).",
                fix: "Put the interpreter in a layer and run it from /opt (lambdactl build-layer python), as the python-stream template does.", entry: entry)
        }
    }

    /// A path under `/opt` comes from a layer. With no layer given it is only a warning (layers can be
    /// attached by ARN at deploy time); with layers given, none providing it is an error.
    mutating func requireFromLayer(_ path: String, what: String, entry: String, command: Bool) {
        if optPaths.contains(path) {
            if command, let layerEntry = layers.lazy.compactMap({ $0.entry(named: String(path.dropFirst(5))) }).first,
               layerEntry.madeBy == .unix, layerEntry.unixMode != nil, !layerEntry.isSymlink, layerEntry.permissions & 0o001 == 0 {
                add("exec-target-not-executable", .error, "\(path) in the layer has mode \(layerEntry.modeString) (permission denied).",
                    fix: "chmod 755 it before zipping the layer (lambdactl build-layer keeps modes).", entry: layerEntry.name)
            }
            return
        }
        if layers.isEmpty {
            add("layer-file-unchecked", .warning, "bootstrap runs \(path) \(what); it must come from a layer, and no layer zip was given to check it.",
                fix: "Attach the layer that provides it (for Python: lambdactl build-layer python) and pass its zip with --layer to check it.", entry: entry)
        } else {
            add("layer-file-missing", .error, "bootstrap runs \(path) \(what), but none of the given layers provides it (exit 127).",
                fix: "Attach a layer whose zip contains \(String(path.dropFirst(5))) at its root (unzipped under /opt).", entry: entry)
        }
    }

    // MARK: other binaries

    mutating func checkOtherBinaries() {
        var sources: [(ZipReader, String)] = [(zip, "")]
        for (index, layer) in layers.enumerated() { sources.append((layer, "\(URL(fileURLWithPath: options.layers[index]).lastPathComponent):")) }
        for (reader, prefix) in sources {
            for entry in reader.entries where !entry.isDirectory && !entry.isSymlink && entry.uncompressedSize >= 52 {
                if prefix.isEmpty && entry.name == "bootstrap" { continue }
                guard let head = try? reader.contents(of: entry, limit: 4), ELFFile.hasMagic(head),
                      let bytes = try? reader.contents(of: entry), let elf = try? ELFFile(bytes: bytes) else { continue }
                if architecture == nil { architecture = elf.architecture }
                checkELF(elf, name: prefix + entry.name, isBootstrap: false)
            }
        }
    }
}
