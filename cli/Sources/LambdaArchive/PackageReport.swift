/// Everything `package` and `doctor` learn about a zip: its entries, sizes, digests, what its
/// `bootstrap` is, and the findings of every check.
public struct PackageReport: Codable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var name: String
        /// `-rwxr-xr-x`
        public var mode: String
        /// Permission bits in octal, `"0755"`.
        public var permissions: String
        public var size: UInt64
        public var compressedSize: UInt64
        public var madeBy: String
    }

    public struct Bootstrap: Codable, Equatable, Sendable {
        /// `elf` or `script`
        public var kind: String
        public var architecture: Architecture?
        public var interpreter: String?
        public var maxGlibc: GlibcVersion?
        public var neededLibraries: [String]?
        public var shebang: String?
    }

    public var path: String
    public var architecture: Architecture?
    public var runtime: TargetRuntime
    public var entries: [Entry]
    public var zippedSize: UInt64
    public var unzippedSize: UInt64
    /// Unzipped size of the code plus every layer checked with it (the 250 MB budget).
    public var totalUnzippedSize: UInt64
    public var layers: [String]
    public var sha256Hex: String
    /// Base64 of the SHA-256: the `CodeSha256` Lambda reports for this zip, so `deploy` can skip an
    /// upload of unchanged code.
    public var codeSha256: String
    public var bootstrap: Bootstrap?
    public var findings: [Finding]

    public var errors: [Finding] { findings.filter { $0.severity == .error } }
    public var warnings: [Finding] { findings.filter { $0.severity == .warning } }
    public var hasErrors: Bool { !errors.isEmpty }

    /// The `ELF e_machine` architecture of `bootstrap`, when it is a binary.
    public var bootstrapArchitecture: Architecture? { bootstrap?.architecture }
}
