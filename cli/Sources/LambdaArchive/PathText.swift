/// Path arithmetic on text, total on every string.
///
/// Paths are taken apart at the byte `/`, never at `Character("/")`. A Swift `Character` is a
/// grapheme cluster, so `/` followed by a combining mark (U+0301) is one `Character` that is not
/// `/`: `"../\u{301}x".split(separator: "/")` is the single component `../\u{301}x`, and
/// `"/\u{301}etc".hasPrefix("/")` is false, while the kernel and unzip see `..` then `\u{301}x`,
/// and an absolute path. An entry named that way passed every zip check and was unpacked one level
/// above `serve`'s task folder. Every test here of a separator or of a prefix is on UTF-8 bytes.
///
/// Why not `NSString`'s path methods: in swift-corelibs-foundation 6.3 `lastPathComponent` and
/// `deletingLastPathComponent` trap on ordinary-looking text (`"lib///x///"` is enough; the zip
/// fuzzer found it through an entry name), and the paths lambdactl takes apart are often anyone's
/// bytes: zip entry names, an ELF file's RUNPATH and DT_NEEDED strings, a script's `#!` line.
/// Nothing here touches the file system.
public enum PathText {
    static let slash = UInt8(ascii: "/")

    /// The components between `/` bytes, empty ones left out: `"a//b/"` gives `["a", "b"]`, and
    /// `"."` and `".."` are kept as they are.
    public static func components(of path: String) -> [String] {
        path.utf8.split(separator: slash).map { String(Substring($0)) }
    }

    /// True when the first byte is `/`.
    public static func isAbsolute(_ path: String) -> Bool { path.utf8.first == slash }

    /// True when the last byte is `/` (how a zip marks a folder entry).
    public static func hasTrailingSlash(_ path: String) -> Bool { path.utf8.last == slash }

    /// True when `path` contains the byte `/` anywhere.
    public static func hasSlash(_ path: String) -> Bool { path.utf8.contains(slash) }

    /// True when the bytes of `path` start with those of `prefix`.
    public static func hasPrefix(_ path: String, _ prefix: String) -> Bool { path.utf8.starts(with: prefix.utf8) }

    /// What follows `prefix` when the bytes of `path` start with those of `prefix`, else `nil`:
    /// `remainder(of: "/opt/x", after: "/opt/")` gives `"x"`.
    public static func remainder(of path: String, after prefix: String) -> String? {
        guard hasPrefix(path, prefix) else { return nil }
        return String(Substring(path.utf8.dropFirst(prefix.utf8.count)))
    }

    /// True when `path` is `root` or lies below it, byte for byte: `/var/task` and `/var/task/x`
    /// are under `/var/task`; `/var/taskforce` is not.
    public static func isSameOrUnder(_ path: String, root: String) -> Bool {
        guard let rest = remainder(of: path, after: root) else { return false }
        return rest.isEmpty || rest.utf8.first == slash
    }

    /// The last non-empty component: `"a/b"` and `"a/b/"` give `"b"`, `"/"` gives `"/"`, `""` gives `""`.
    public static func lastComponent(_ path: String) -> String {
        guard let last = components(of: path).last else { return isAbsolute(path) ? "/" : "" }
        return last
    }

    /// What is left without the last component, repeated slashes collapsed: `"a/b"` gives `"a"`,
    /// `"a//b/"` gives `"a"`, `"/a"` gives `"/"`, `"a"` gives `""`, `"/"` gives `"/"`.
    public static func parent(_ path: String) -> String {
        let parts = components(of: path)
        let absolute = isAbsolute(path)
        guard parts.count > 1 else { return absolute ? "/" : "" }
        return (absolute ? "/" : "") + parts.dropLast().joined(separator: "/")
    }
}
