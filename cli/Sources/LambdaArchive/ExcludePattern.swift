import Glibc

/// One `package --exclude` pattern (or `[build] exclude` entry), as `.gitignore` reads the simple
/// cases: `README.md` or `*.md` (no `/`) matches that name at any depth; `docs/*.md` or `/notes`
/// (with a `/`) matches the path from the folder's top. A folder that matches is left out whole.
struct ExcludePattern: Sendable {
    let pattern: String
    let anchored: Bool

    init(_ text: String) {
        var text = text
        while text.hasSuffix("/") && text.count > 1 { text.removeLast() }
        anchored = text.contains("/")
        while text.hasPrefix("/") { text.removeFirst() }
        if text.hasPrefix("./") { text.removeFirst(2) }
        pattern = text
    }

    /// `relative` is an entry's path inside the folder, without a leading or trailing `/`.
    func matches(_ relative: String) -> Bool {
        guard !pattern.isEmpty else { return false }
        if anchored { return fnmatch(pattern, relative, FNM_PATHNAME) == 0 }
        return fnmatch(pattern, PathText.lastComponent(relative), 0) == 0
    }
}
