/// Path arithmetic on text, total on every string.
///
/// Why not `NSString`'s path methods: in swift-corelibs-foundation 6.3 `lastPathComponent` and
/// `deletingLastPathComponent` trap on ordinary-looking text (`"lib///x///"` is enough; the zip
/// fuzzer found it through an entry name), and the paths lambdactl takes apart are often anyone's
/// bytes: zip entry names, an ELF file's RUNPATH and DT_NEEDED strings, a script's `#!` line.
/// Nothing here touches the file system.
public enum PathText {
    /// The last non-empty component: `"a/b"` and `"a/b/"` give `"b"`, `"/"` gives `"/"`, `""` gives `""`.
    public static func lastComponent(_ path: String) -> String {
        guard let last = path.split(separator: "/").last else { return path.hasPrefix("/") ? "/" : "" }
        return String(last)
    }

    /// What is left without the last component, repeated slashes collapsed: `"a/b"` gives `"a"`,
    /// `"a//b/"` gives `"a"`, `"/a"` gives `"/"`, `"a"` gives `""`, `"/"` gives `"/"`.
    public static func parent(_ path: String) -> String {
        let components = path.split(separator: "/")
        let absolute = path.hasPrefix("/")
        guard components.count > 1 else { return absolute ? "/" : "" }
        return (absolute ? "/" : "") + components.dropLast().joined(separator: "/")
    }
}
