import LambdaArchive

/// What to compile for `package --product`.
public struct SwiftBuildRequest: Sendable {
    public var product: String
    public var packagePath: String
    public var architecture: Architecture
    /// Docker image with a Swift toolchain; default `swift:<version>-amazonlinux2` (glibc 2.26, so
    /// its binaries run on provided.al2 and provided.al2023).
    public var image: String?
    /// Swift version for the default image (`6.2`); default: the local toolchain's.
    public var swiftVersion: String?
    public var strip: Bool
    /// `-Xswiftc -static-executable`: a fully static binary with no glibc version needs.
    public var staticExecutable: Bool
    /// Extra `docker run -v` mounts (`SRC:DST[:ro]`), e.g. a toolchain or a credentials folder.
    public var dockerVolumes: [String]
    /// `--swift-sdk`: an installed Swift SDK's ID or target triple for `--build swift-sdk`; default:
    /// the Static Linux SDK's triple for the architecture (`aarch64-swift-linux-musl`).
    public var swiftSDK: String?

    public init(product: String, packagePath: String = ".", architecture: Architecture = .x86_64, image: String? = nil,
                swiftVersion: String? = nil, strip: Bool = true, staticExecutable: Bool = false, dockerVolumes: [String] = [],
                swiftSDK: String? = nil) {
        self.product = product
        self.packagePath = packagePath
        self.architecture = architecture
        self.image = image
        self.swiftVersion = swiftVersion
        self.strip = strip
        self.staticExecutable = staticExecutable
        self.dockerVolumes = dockerVolumes
        self.swiftSDK = swiftSDK
    }
}
