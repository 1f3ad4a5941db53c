/// The files a function sees at run time: its zip unpacked at `/var/task` and its layers at `/opt`
/// (in order, a later layer's file replacing an earlier one's, as Lambda extracts them), so paths
/// can be looked up the way the dynamic loader will open them, symlinks included.
struct RuntimeFileTree {
    /// Where a regular file of the tree comes from: which zip (0 the function, 1... the layers) and
    /// which entry.
    struct File {
        var path: String
        var source: Int
        var entry: ZipEntryInfo
    }

    private enum Node {
        case file(File)
        case symlink(String)
    }

    private var nodes: [String: Node] = [:]
    /// Linux gives up after 40 links in one lookup (ELOOP); so does the tree.
    static let maxLinks = 40
    /// Longer link targets are not real (PATH_MAX), and are not read.
    static let maxLinkBytes = 4096

    init(function: ZipReader, layers: [ZipReader]) {
        for (source, (reader, root)) in ([(function, "/var/task")] + layers.map { ($0, "/opt") }).enumerated() {
            for entry in reader.entries where !entry.isDirectory {
                guard let parts = ZipReader.safeComponents(of: entry.name) else { continue }
                let path = root + "/" + parts.joined(separator: "/")
                if entry.isSymlink {
                    guard entry.uncompressedSize <= UInt64(RuntimeFileTree.maxLinkBytes),
                          let target = try? reader.contents(of: entry, limit: RuntimeFileTree.maxLinkBytes) else { continue }
                    nodes[path] = .symlink(String(decoding: target, as: UTF8.self))
                } else {
                    nodes[path] = .file(File(path: path, source: source, entry: entry))
                }
            }
        }
    }

    /// `path` with `.`, `..` and repeated slashes removed (relative paths are taken from `/var/task`,
    /// the function's working directory).
    static func normalized(_ path: String) -> String {
        var parts: [String] = []
        let absolute = PathText.isAbsolute(path) ? path : "/var/task/" + path
        for part in PathText.components(of: absolute) where part != "." {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The regular file `path` names after following symlinks (in any component), or `nil` when
    /// the tree does not hold one there: the path is then outside the package and its layers, or
    /// dangling, or loops.
    func file(at path: String) -> (file: File?, resolvedPath: String) {
        var pending = PathText.components(of: RuntimeFileTree.normalized(path))
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            resolved.append(part)
            guard case .symlink(let target) = nodes["/" + resolved.joined(separator: "/")] else { continue }
            links += 1
            guard links <= RuntimeFileTree.maxLinks else { return (nil, path) }
            resolved.removeLast()
            if PathText.isAbsolute(target) { resolved = [] }
            pending = PathText.components(of: target) + pending
        }
        let final = "/" + resolved.joined(separator: "/")
        if case .file(let file) = nodes[final] { return (file, final) }
        return (nil, final)
    }
}
