/// What `lambdactl package` is asked to put in a zip.
public struct PackageSpec: Sendable {
    /// A prebuilt executable that becomes `bootstrap`.
    public var binary: String?
    /// A folder whose contents become the package root (it must hold `bootstrap`, unless `binary` is given).
    public var directory: String?
    /// Extra files or folders, stored under the path given (relative) or their base name (absolute).
    public var includes: [String]
    /// Patterns left out of `directory` (fnmatch): one without `/` matches a name at any depth, one
    /// with `/` the path from the folder's top. The top-level `bootstrap` is never left out.
    public var excludes: [String]
    public var output: String
    public var checks: PackageCheckOptions
    public var compressionLevel: Int?
    public var timestamp: DOSTimestamp

    public init(binary: String? = nil, directory: String? = nil, includes: [String] = [], excludes: [String] = [], output: String,
                checks: PackageCheckOptions = PackageCheckOptions(), compressionLevel: Int? = nil, timestamp: DOSTimestamp = .epoch) {
        self.binary = binary
        self.directory = directory
        self.includes = includes
        self.excludes = excludes
        self.output = output
        self.checks = checks
        self.compressionLevel = compressionLevel
        self.timestamp = timestamp
    }
}
