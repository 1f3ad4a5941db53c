/// How the function's process sees its files.
public enum Isolation: String, Sendable {
    /// A private mount namespace (via `unshare`, as root) with the code bind-mounted read-only at
    /// `/var/task` and the merged layers at `/opt`, exactly the paths Lambda uses.
    case mountNamespace = "namespace"
    /// `bwrap` (bubblewrap) for non-root users: the same view through an unprivileged user namespace.
    case bubblewrap = "bwrap"
    /// No namespace: the process runs from the unpacked folders, so absolute `/opt` or `/var/task`
    /// paths in the function do not resolve.
    case none = "none"

    /// The best mode this machine allows.
    public static func detect() -> Isolation {
        if getuid() == 0, executableOnPath("unshare") != nil, executableOnPath("mount") != nil { return .mountNamespace }
        if executableOnPath("bwrap") != nil, access("/var/task", F_OK) == 0 { return .bubblewrap }
        return .none
    }
}

/// The full path of `name` on `PATH`, or nil.
func executableOnPath(_ name: String) -> String? {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    for directory in ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] where access("\(directory)/\(name)", X_OK) == 0 {
        return "\(directory)/\(name)"
    }
    return nil
}

#if canImport(Glibc)
import Glibc
#endif
