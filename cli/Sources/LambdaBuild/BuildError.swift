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
            return "no 'swift' on PATH for a native build. Install a Swift 6 toolchain, or use --build docker."
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
        }
    }
}
