/// The OS-only Lambda runtimes a custom `bootstrap` runs on, and the glibc each one ships.
public enum TargetRuntime: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    case providedAL2023 = "provided.al2023"
    case providedAL2 = "provided.al2"

    /// The newest `GLIBC_x.y` symbol version the runtime's glibc provides: a binary needing a newer
    /// one fails with `version 'GLIBC_x.y' not found`.
    public var glibc: GlibcVersion {
        switch self {
        case .providedAL2023: return GlibcVersion(major: 2, minor: 34)
        case .providedAL2: return GlibcVersion(major: 2, minor: 26)
        }
    }

    /// Interpreters a script `bootstrap` may name in its shebang without a layer providing them.
    public var interpreters: Set<String> {
        ["/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/env"]
    }

    /// Shared libraries the runtime image provides, so a `DT_NEEDED` entry naming one needs nothing
    /// shipped. Everything else must be in the package or a layer.
    public var baseLibraries: Set<String> {
        [
            "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1",
            "libresolv.so.2", "libanl.so.1", "libstdc++.so.6", "libgcc_s.so.1",
            "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
        ]
    }

    public var description: String { rawValue }
}
