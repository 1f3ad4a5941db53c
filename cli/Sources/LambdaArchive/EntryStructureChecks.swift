import Foundation

extension PackageInspector {
    /// The checks on a zip's structure alone (paths, names, types, modes of folders, symlinks and, with
    /// `verifyData`, every entry's data), without the bootstrap and ELF checks: what `serve` runs
    /// before unpacking, so it refuses a zip with the same ids `doctor` and `package` report.
    /// `serve` passes `verifyData: false` because unpacking verifies each entry as it streams it.
    /// The unzipped size is checked too: it is what unpacking would write to disk (a zip of 250 MB
    /// of zeros declares 250 GB), and Lambda refuses anything over its limit anyway.
    public static func structuralFindings(zipAt path: String, options: PackageCheckOptions, verifyData: Bool) throws -> [Finding] {
        let zip = try ZipReader(path: path)
        let layers = try options.layers.map { try ZipReader(path: $0) }
        var context = CheckContext(zip: zip, layers: layers, options: options)
        context.checkPaths()
        context.checkUnzippedSize()
        context.checkEntryStructure(verifyData: verifyData)
        return context.findings
    }
}

/// What a path in the package turns out to be once every symlink on the way is followed, the way
/// the kernel resolves it on Lambda with the package at `/var/task` (or a layer at `/opt`).
enum LinkResolution: Equatable {
    /// An entry of the zip, or a folder implied by one.
    case inside
    /// Nothing of that name in the zip.
    case missing
    /// An absolute path outside `/var/task` and `/opt`: the runtime's own files, or the host's.
    case outside(String)
    /// A path in the folder the zip does not fill (`/opt` for a function, `/var/task` for a layer).
    case otherRoot(String)
    /// `..` above the root of the package.
    case escapes
    /// More than `CheckContext.maxLinkHops` links: a cycle (`a -> b -> a`), or a chain the kernel
    /// would refuse with ELOOP anyway.
    case loop
}

/// An entry of the zip whose name is safe to unpack, with the path unzip writes it to: `parts`
/// (`ZipReader.safeComponents`) and `node`, which names it in the checks' maps (`PathTree`).
struct PlacedEntry {
    let entry: ZipEntryInfo
    let parts: [String]
    let node: Int

    /// The path as one string, for messages.
    var key: String { parts.joined(separator: "/") }
}

extension CheckContext {
    /// Linux's limit on symlinks followed in one path lookup (`MAXSYMLINKS` in fs/namei.c).
    static let maxLinkHops = 40

    /// Every structural check: runs before the bootstrap checks, which assume sane entries.
    mutating func checkEntryStructure(verifyData: Bool) {
        if verifyData { checkEntryData() }
        checkDuplicatesAndConflicts()
        checkFileTypes()
        checkDirectoryModes()
        checkSymlinks()
    }

    /// Streams every entry through libzip (64 KiB at a time, nothing kept, on up to two threads) so
    /// a bad CRC, short data or undecodable data is found here rather than by Lambda's unzip at
    /// deploy time. Each entry's first bytes go to the ELF catalogue on the way, so that
    /// checkOtherBinaries does not open all 5,000 entries of a Python package again.
    mutating func checkEntryData() {
        let entries = zip.entries.filter { !$0.isDirectory }
        let workers = min(2, ProcessInfo.processInfo.activeProcessorCount)
        let verdicts = ZipDataVerifier.verify(zipAt: zip.path, entries: entries, workers: workers)
        for (entry, verdict) in Swift.zip(entries, verdicts) {
            elves.noteFirstBytes(source: 0, entry: entry, verdict.head)
            guard let error = verdict.error else { continue }
            if let finding = (error as? ArchiveError)?.finding {
                findings.append(finding)
            } else {
                add("entry-unreadable", .error, "'\(entry.name)' cannot be read: \(error)",
                    fix: "Rebuild the zip with deflate or store and no encryption (lambdactl package does).", entry: entry.name)
            }
        }
    }

    /// Two entries that unzip writes to one path: the second silently replaces the first (a
    /// `bootstrap` 0755 then a `bootstrap` 0644 ships the 0644 one). A file and a folder at one path,
    /// or a file with entries below it, cannot both be unpacked.
    mutating func checkDuplicatesAndConflicts() {
        var seen: [Int: ZipEntryInfo] = [:]
        for place in placed {
            let entry = place.entry
            guard let first = seen[place.node] else {
                seen[place.node] = entry
                continue
            }
            if first.isDirectory != entry.isDirectory {
                add("entry-path-conflict", .error,
                    "'\(first.name)' and '\(entry.name)' are a file and a folder at the same path; unzip cannot create both.",
                    fix: "Rename one of them, then rebuild the zip (lambdactl package --dir FOLDER).", entry: entry.name)
            } else {
                let same = first.name == entry.name ? "twice" : "as '\(first.name)' and '\(entry.name)'"
                add("duplicate-entry", .error,
                    "'\(place.key)' is in the zip \(same); unzip keeps the last one (\(entry.modeString)), so the first (\(first.modeString)) never ships.",
                    fix: "Rebuild the zip with each path once (lambdactl package --dir FOLDER), or remove one with zip -d.", entry: entry.name)
            }
        }
        for place in placed {
            let entry = place.entry
            for ancestor in paths.ancestors(of: place.node) {
                if let parent = seen[ancestor], !parent.isDirectory, !parent.isSymlink {
                    add("entry-path-conflict", .error,
                        "'\(entry.name)' lies inside '\(parent.name)', which is a file in the zip; unzip cannot create both.",
                        fix: "Rename the file or the folder, then rebuild the zip.", entry: entry.name)
                    break
                }
            }
        }
    }

    mutating func checkFileTypes() {
        for entry in zip.entries where entry.isSpecialFile {
            add("unsupported-file-type", .error, "'\(entry.name)' is a \(entry.specialFileKind), which Lambda cannot unpack as a file.",
                fix: "Remove it from the zip; create FIFOs and sockets at run time under /tmp instead.", entry: entry.name)
        }
    }

    /// Lambda unpacks as root but runs the function as another user: a folder that user cannot enter
    /// (no o+x) or list (no o+r) hides everything in it (`permission denied`).
    mutating func checkDirectoryModes() {
        for entry in zip.entries where entry.isDirectory && entry.madeBy == .unix && entry.unixMode != nil {
            if entry.permissions & 0o005 != 0o005 {
                add("directory-not-traversable", .error,
                    "folder '\(entry.name)' has mode \(entry.modeString): the function's user cannot \(entry.permissions & 0o001 == 0 ? "enter" : "list") it, so its files fail with 'permission denied'.",
                    fix: "chmod 755 the folder before zipping (lambdactl package writes folders as 0755).", entry: entry.name)
            }
        }
    }

    // MARK: symlinks

    /// What each node of `paths` is, by node: a node without an entry is a folder implied by deeper
    /// entries. A duplicated path keeps its last entry, as unzip does.
    func entryNodes() -> [Int: ZipEntryInfo] {
        var nodes: [Int: ZipEntryInfo] = [:]
        for place in placed { nodes[place.node] = place.entry }
        return nodes
    }

    /// The folder this zip is unpacked into on Lambda, and the one it does not fill.
    var ownRoot: String { options.isLayer ? "/opt" : "/var/task" }
    var otherRoot: String { options.isLayer ? "/var/task" : "/opt" }

    /// Follows `target` as the kernel would from the folder `start`, with `rest` still to walk after it.
    func resolve(_ target: String, from start: Int, entries: [Int: ZipEntryInfo], targets: [Int: String]) -> LinkResolution {
        var current = start
        var pending = ArraySlice<String>()
        var hops = 0
        func enter(_ link: String) -> LinkResolution? {
            if link.isEmpty { return .missing }
            if PathText.isAbsolute(link) {
                // `..` at `/` stays at `/`, as in the kernel: `/opt/../etc` is `/etc`.
                var stack: [String] = []
                for part in PathText.components(of: link) + pending where part != "." {
                    if part == ".." { _ = stack.popLast() } else { stack.append(part) }
                }
                let normalized = "/" + stack.joined(separator: "/")
                if let inside = PathText.remainder(of: normalized, after: ownRoot), PathText.isSameOrUnder(normalized, root: ownRoot) {
                    current = PathTree.root
                    pending = ArraySlice(PathText.components(of: inside))
                    return nil
                }
                if PathText.isSameOrUnder(normalized, root: otherRoot) { return .otherRoot(normalized) }
                return .outside(normalized)
            }
            pending = ArraySlice(PathText.components(of: link)) + pending
            return nil
        }
        if let early = enter(target) { return early }
        while let part = pending.first {
            pending = pending.dropFirst()
            if part == "." { continue }
            if part == ".." {
                guard let up = paths.parent(of: current) else { return .escapes }
                current = up
                continue
            }
            guard let node = paths.child(of: current, named: part) else { return .missing }
            if let entry = entries[node], entry.isSymlink {
                hops += 1
                if hops > CheckContext.maxLinkHops { return .loop }
                if let early = enter(targets[node] ?? "") { return early }
            } else if let entry = entries[node], !entry.isDirectory, !pending.isEmpty {
                return .missing  // a path through a regular file: ENOTDIR
            } else {
                current = node
            }
        }
        return .inside
    }

    /// Every symlink must resolve to something Lambda will have: an entry of the zip (links into
    /// `/var/task` are resolved inside it), or a layer's file under `/opt`. Absolute links elsewhere
    /// point at the runtime image or, once unpacked by a tool that follows them, at the host; links
    /// that climb out with `..` leave the package; entries stored below a link are written through it
    /// (`t -> /tmp` then `t/pwned`: a zip-slip).
    mutating func checkSymlinks() {
        let entries = entryNodes()
        var targets: [Int: String] = [:]
        for place in placed where place.entry.isSymlink {
            let entry = place.entry
            guard let target = try? zip.symlinkTarget(of: entry) else {
                add("broken-symlink", .error, "'\(entry.name)' is a symlink whose target cannot be read.",
                    fix: "Rebuild the zip; the link's data is damaged or longer than PATH_MAX.", entry: entry.name)
                continue
            }
            targets[place.node] = target
        }
        var resolutions: [Int: LinkResolution] = [:]
        for place in placed where place.entry.isSymlink {
            guard let target = targets[place.node], resolutions[place.node] == nil else { continue }
            let resolution = resolve(target, from: paths.parent(of: place.node) ?? PathTree.root, entries: entries, targets: targets)
            resolutions[place.node] = resolution
            report(resolution, of: place.entry, target: target)
        }
        for place in placed {
            let entry = place.entry
            for ancestor in paths.ancestors(of: place.node) {
                guard let resolution = resolutions[ancestor], let link = targets[ancestor] else { continue }
                let prefix = paths.path(of: ancestor)
                if case .inside = resolution {
                    add("entry-path-conflict", .error,
                        "'\(entry.name)' lies under '\(prefix)', which is a symlink to '\(link)'; unzip would write it through the link.",
                        fix: "Store the file at the path the link points to, or replace the link with a folder.", entry: entry.name)
                } else {
                    add("symlink-escapes", .error,
                        "'\(entry.name)' is stored under the symlink '\(prefix)' -> '\(link)': unzip writes it through the link, outside the package (a zip-slip).",
                        fix: "Remove the entry and the link; never ship a zip built this way.", entry: entry.name)
                }
                break
            }
        }
    }

    mutating func report(_ resolution: LinkResolution, of entry: ZipEntryInfo, target: String) {
        let name = entry.name
        switch resolution {
        case .inside:
            return
        case .missing:
            add("broken-symlink", .error, "'\(name)' is a symlink to '\(target)', which the zip does not contain.",
                fix: "Include the file it points to (copy with cp -P keeps links; the target must be copied too), or replace the link with the file.",
                entry: name)
        case .loop:
            add("symlink-loop", .error, "'\(name)' is a symlink to '\(target)' that never resolves: the links form a loop (too many levels of symbolic links).",
                fix: "Point the link at a real file, or remove it.", entry: name)
        case .escapes:
            add("symlink-escapes", .error, "'\(name)' is a symlink to '\(target)', which climbs out of the package with '..'.",
                fix: "Copy the file it points to into the package, or use a link that stays inside (relative, without leaving the root).",
                entry: name)
        case .outside(let path):
            add("symlink-absolute", .error,
                "'\(name)' is a symlink to '\(target)' (\(path)), outside \(ownRoot) and \(otherRoot): on Lambda it reads the runtime image's file, on another unzip the host's.",
                fix: "Copy the file into the package and link to it relatively, or link to /var/task/... or /opt/... .", entry: name)
        case .otherRoot(let path):
            if options.isLayer {
                add("layer-file-unchecked", .warning, "'\(name)' is a symlink to '\(target)', inside the function's code, which a layer check cannot see.",
                    fix: "Nothing to do if every function using the layer ships \(path); otherwise link inside /opt.", entry: name)
            } else if !optPaths.contains(path) {
                add("layer-file-unchecked", .warning,
                    layers.isEmpty
                        ? "'\(name)' is a symlink to \(path); it must come from a layer, and no layer zip was given to check it."
                        : "'\(name)' is a symlink to \(path), which none of the given layers provides.",
                    fix: "Attach the layer that provides \(path) and pass its zip with --layer to check it.", entry: name)
            }
        }
    }
}
