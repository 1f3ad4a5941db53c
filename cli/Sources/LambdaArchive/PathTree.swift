/// The paths of a zip as a tree of numbered nodes, each one (parent, component): every prefix of
/// every entry is one node, found or added in constant time per component.
///
/// Why not a dictionary keyed by whole path strings, as the checks had: each entry then stored and
/// hashed every prefix of itself, n² bytes for a path n components deep. A 2.5 MB zip of 20 entries
/// named `a/a/.../a/f`, 32,000 deep, kept `doctor` busy for over two minutes, and memory grew with
/// the square too. Here an entry costs its own components, once.
struct PathTree {
    /// The node of the package's root (`/var/task`, or `/opt` for a layer).
    static let root = 0

    private struct Key: Hashable {
        var parent: Int
        var name: String
    }

    private var children: [Key: Int] = [:]
    private var parents: [Int] = [-1]
    private var names: [String] = [""]

    /// The node of `parts` below the root, added with its missing ancestors.
    mutating func insert(_ parts: [String]) -> Int {
        var node = PathTree.root
        for part in parts {
            let key = Key(parent: node, name: part)
            if let known = children[key] {
                node = known
            } else {
                let added = parents.count
                parents.append(node)
                names.append(part)
                children[key] = added
                node = added
            }
        }
        return node
    }

    /// The child of `node` named `name`, if some entry lies there or below.
    func child(of node: Int, named name: String) -> Int? { children[Key(parent: node, name: name)] }

    /// The folder holding `node`; `nil` for the root.
    func parent(of node: Int) -> Int? { node == PathTree.root ? nil : parents[node] }

    /// The nodes above `node`, from the root's child down to its parent (the root itself left out).
    func ancestors(of node: Int) -> [Int] {
        var result: [Int] = []
        var current = parents[node]
        while current > PathTree.root {
            result.append(current)
            current = parents[current]
        }
        return result.reversed()
    }

    /// `node`'s path from the root, `/`-separated, for messages.
    func path(of node: Int) -> String {
        (ancestors(of: node) + [node]).map { names[$0] }.joined(separator: "/")
    }
}
