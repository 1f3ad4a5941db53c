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

    /// Every file and link of the tree and their folders, as nodes (one per component, so that
    /// following a path costs its length once, not its length squared: an ELF's RUNPATH is anyone's
    /// bytes, and one 180 KB RUNPATH into deep folders took doctor 4 s to search).
    private var paths = PathTree()
    private var nodes: [Int: Node] = [:]
    /// Linux gives up after 40 links in one lookup (ELOOP); so does the tree.
    static let maxLinks = 40
    /// Longer link targets are not real (PATH_MAX), and are not read.
    static let maxLinkBytes = 4096

    init(function: ZipReader, layers: [ZipReader]) {
        for (source, (reader, root)) in ([(function, "/var/task")] + layers.map { ($0, "/opt") }).enumerated() {
            let rootParts = PathText.components(of: root)
            for entry in reader.entries where !entry.isDirectory {
                guard let parts = ZipReader.safeComponents(of: entry.name) else { continue }
                let node = paths.insert(rootParts + parts)
                if entry.isSymlink {
                    guard entry.uncompressedSize <= UInt64(RuntimeFileTree.maxLinkBytes),
                          let target = try? reader.contents(of: entry, limit: RuntimeFileTree.maxLinkBytes) else { continue }
                    nodes[node] = .symlink(String(decoding: target, as: UTF8.self))
                } else {
                    nodes[node] = .file(File(path: root + "/" + parts.joined(separator: "/"), source: source, entry: entry))
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
    /// dangling, or loops. The resolved path is the one the kernel would end at (for a path that
    /// leaves the tree, its text normalised: nothing below can be a link of the tree).
    func file(at path: String) -> (file: File?, resolvedPath: String) {
        var pending = ArraySlice(PathText.components(of: RuntimeFileTree.normalized(path)))
        var current = PathTree.root
        var links = 0
        while let part = pending.first {
            pending = pending.dropFirst()
            if part == "." { continue }
            if part == ".." {
                current = paths.parent(of: current) ?? PathTree.root
                continue
            }
            guard let node = paths.child(of: current, named: part) else {
                let rest = ([part] + pending).joined(separator: "/")
                return (nil, RuntimeFileTree.normalized("/" + paths.path(of: current) + "/" + rest))
            }
            if case .symlink(let target) = nodes[node] {
                links += 1
                guard links <= RuntimeFileTree.maxLinks else { return (nil, path) }
                // The link is replaced by its target, read from the link's folder (or from `/`).
                if PathText.isAbsolute(target) { current = PathTree.root }
                pending = ArraySlice(PathText.components(of: target)) + pending
                continue
            }
            current = node
        }
        let final = "/" + paths.path(of: current)
        if case .file(let file) = nodes[current] { return (file, final) }
        return (nil, final)
    }
}
