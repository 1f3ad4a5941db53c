import LambdaArchive

/// Why a build or a layer could not be made, each case naming the fix. Nothing is written at the
/// output path in any of these cases.
public enum BuildError: Error, CustomStringConvertible {
    case dockerMissing
    case dockerNotRunning(detail: String)
    case platformUnsupported(Architecture, host: Architecture)
    case commandFailed(command: String, status: Int32, output: String)
    case swiftMissing
    case productNotFound(product: String, path: String)
    case nativeArchitectureMismatch(target: Architecture, host: Architecture)
    case unsupportedPython(String)
    case layerInvalid([Finding])
    case layerEmpty(String)
    /// `--build swift-sdk` (or `--swift-sdk`) and no installed Swift SDK provides the target.
    case swiftSDKMissing(architecture: Architecture, triple: String, requested: String?, installed: [String],
                         toolchain: String?, problem: String?)
    /// Several installed SDKs provide the triple, and SwiftPM cannot choose between them by triple.
    case swiftSDKAmbiguous(triple: String, candidates: [String])
    /// `--swift-sdk` names a triple of the other architecture than `--arch`.
    case swiftSDKArchitectureMismatch(sdk: String, sdkArchitecture: Architecture, target: Architecture)

    /// swift.org's guide to the Static Linux SDK: where its download links and checksums are.
    public static let staticLinuxSDKGuide = "https://www.swift.org/documentation/articles/static-linux-getting-started.html"

    /// `swift sdk install <url> --checksum <sum>` for the Static Linux SDK of toolchain `tag`
    /// (`swift-6.3.1-RELEASE`); the checksum is published beside the download, not derivable.
    public static func staticLinuxSDKInstallCommand(toolchain tag: String?) -> String {
        let bundle = "\(tag ?? "swift-<version>-RELEASE")_static-linux-0.0.1.artifactbundle.tar.gz"
        var folder = "swift-<version>-release/static-sdk/swift-<version>-RELEASE"
        if let tag, tag.hasSuffix("-RELEASE") {
            let version = tag.dropFirst("swift-".count).dropLast("-RELEASE".count)
            folder = "swift-\(version)-release/static-sdk/\(tag)"
        }
        return "swift sdk install https://download.swift.org/\(folder)/\(bundle) --checksum <the checksum swift.org lists for it>"
    }

    public var description: String {
        switch self {
        case .dockerMissing:
            return "docker is not installed (no 'docker' on PATH). Install it (Debian/Ubuntu: apt-get install docker.io), or build natively with --build native on a machine of the target architecture."
        case .dockerNotRunning(let detail):
            return "cannot reach the docker daemon (\(detail.trimmingCharacters(in: .whitespacesAndNewlines))). Start it (systemctl start docker, or dockerd as root) and check that your user may use it (the docker group)."
        case .platformUnsupported(let arch, let host):
            return "docker on this \(host) machine cannot run \(arch.dockerPlatform) containers: no enabled binfmt_misc entry with the F flag runs \(arch == .arm64 ? "aarch64" : "x86_64") programs (QEMU). Install it (apt-get install qemu-user-static binfmt-support; mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc if that folder is empty), or build on a \(arch) machine."
        case .commandFailed(let command, let status, let output):
            let tail = output.split(separator: "\n").suffix(20).joined(separator: "\n")
            return "\(command) failed with exit status \(status)" + (tail.isEmpty ? "." : ":\n\(tail)")
        case .swiftMissing:
            return "no 'swift' on PATH for a native or swift-sdk build. Install a Swift 6 toolchain, or use --build docker."
        case .productNotFound(let product, let path):
            return "the build did not produce '\(product)' in \(path). Check the product name in Package.swift (an executable product)."
        case .nativeArchitectureMismatch(let target, let host):
            return "a native build on this \(host) machine cannot produce a \(target) binary. Use --build docker (emulated), or --arch \(host)."
        case .unsupportedPython(let version):
            return "Python \(version) is not packaged by lambdactl; use --python 3.11 (the version the seed design and AL2023's dnf provide)."
        case .layerInvalid(let findings):
            return "the layer failed \(findings.count) check(s); nothing was written:\n" + findings.map(\.description).joined(separator: "\n")
        case .layerEmpty(let path):
            return "\(path) is empty or missing; a layer needs at least one file (bin/, lib/, python/ ...)."
        case .swiftSDKMissing(let arch, let triple, let requested, let installed, let toolchain, let problem):
            let what = requested.map { "no installed Swift SDK is or provides '\($0)'" }
                ?? "no installed Swift SDK provides \(triple) (the Static Linux SDK's \(arch) target)"
            let listed = problem ?? (installed.isEmpty ? "swift sdk list shows none" : "swift sdk list shows: \(installed.joined(separator: ", "))")
            return "\(what); \(listed). Install the Static Linux SDK that matches this toolchain:\n  "
                + BuildError.staticLinuxSDKInstallCommand(toolchain: toolchain)
                + "\n(download link and checksum: \(BuildError.staticLinuxSDKGuide)), or build with --build docker."
        case .swiftSDKAmbiguous(let triple, let candidates):
            return "several installed Swift SDKs provide \(triple) (\(candidates.joined(separator: ", "))) and swift build cannot choose by triple. Pass --swift-sdk with one of these IDs, or remove the others (swift sdk remove ID)."
        case .swiftSDKArchitectureMismatch(let sdk, let sdkArch, let target):
            return "--swift-sdk \(sdk) builds \(sdkArch) binaries, but the function is \(target). Pass --swift-sdk \(SwiftSDKCatalog.staticLinuxTriple(for: target)), or --arch \(sdkArch)."
        }
    }
}
