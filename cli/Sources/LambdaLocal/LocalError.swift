import LambdaArchive
/// What stopped `lambdactl serve` / `invoke --local` from starting or finishing, with the fix.
public enum LocalError: Error, CustomStringConvertible {
    case noBootstrap(searched: [String])
    case notFound(path: String, what: String)
    case bootstrapNotExecutable(path: String)
    /// The bootstrap at `path` fails one of doctor's checks that also stops it from running here
    /// (`bootstrap-crlf`), reported with doctor's id and fix.
    case bootstrapCheck(path: String, finding: Finding)
    case invalidOption(String)
    case cannotBind(host: String, port: Int, reason: String)
    case spawnFailed(command: String, errno: Int32)
    case unpackFailed(path: String, reason: String)
    /// `--arch` (or `[function] arch`) names one architecture, the function's files another.
    case architectureMismatch(file: String, built: Architecture, requested: Architecture)
    /// The function is built for another architecture and this machine cannot emulate it.
    case emulationUnavailable(guest: Architecture, host: Architecture, reason: EmulationProblem)
    /// A dynamic program of another architecture whose loader neither this machine nor a cross
    /// sysroot has.
    case emulatedLoaderMissing(file: String, loader: String, guest: Architecture, host: Architecture)
    /// A `serve --watch` reload whose files are for another architecture than serve started with
    /// (nil: this machine's, run natively).
    case emulationChanged(before: Architecture?, after: Architecture?)

    /// Why binfmt_misc cannot run the function.
    public enum EmulationProblem: Sendable, Equatable {
        case notMounted(String)
        case notRegistered
        case disabled(String, root: String)
        case withoutFixBinary(String)
    }

    /// The same error with paths under `copy` named under `original` instead: `serve --watch`
    /// checks a copy of the user's folder, and the fix (`chmod 755 ...`) must name their file.
    public func naming(_ copy: String, as original: String) -> LocalError {
        func map(_ path: String) -> String {
            guard path == copy || path.hasPrefix(copy + "/") else { return path }
            return original + path.dropFirst(copy.count)
        }
        switch self {
        case .noBootstrap(let searched): return .noBootstrap(searched: searched.map(map))
        case .notFound(let path, let what): return .notFound(path: map(path), what: what)
        case .bootstrapNotExecutable(let path): return .bootstrapNotExecutable(path: map(path))
        case .bootstrapCheck(let path, let finding): return .bootstrapCheck(path: map(path), finding: finding)
        case .architectureMismatch(let file, let built, let requested):
            return .architectureMismatch(file: map(file), built: built, requested: requested)
        case .emulatedLoaderMissing(let file, let loader, let guest, let host):
            return .emulatedLoaderMissing(file: map(file), loader: loader, guest: guest, host: host)
        default: return self
        }
    }

    public var description: String {
        switch self {
        case .noBootstrap(let searched):
            return "Couldn't find valid bootstrap(s): looked for \(searched.joined(separator: " and ")). Put an executable named 'bootstrap' at the root of the package (or of a layer), or pass --binary PATH."
        case .notFound(let path, let what) where what == "layer":
            return "layer '\(path)' does not exist. Build it first (`lambdactl build-layer python` writes .lambdactl/python3.11-ARCH-layer.zip, `lambdactl build-layer dir FOLDER` zips your own), or fix the path (--layer, or [function] layers in lambdactl.toml)."
        case .notFound(let path, let what):
            return "\(what) '\(path)' does not exist; check the path."
        case .bootstrapNotExecutable(let path):
            return "'\(path)' is not executable (Lambda needs mode 0755): run `chmod 755 \(path)`."
        case .bootstrapCheck(let path, let finding):
            return "\(finding.severity.rawValue)[\(finding.id)]: \(path): \(finding.message)\n  fix: \(finding.fix)"
        case .invalidOption(let message):
            return message
        case .cannotBind(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason). Pick another port with --port (0 chooses a free one)."
        case .spawnFailed(let command, let code):
            return "cannot start '\(command)': \(String(cString: strerror(code))) (errno \(code))."
        case .unpackFailed(let path, let reason):
            return "cannot unpack '\(path)': \(reason)"
        case .architectureMismatch(let file, let built, let requested):
            return "the function is \(requested) (--arch or [function] arch in lambdactl.toml), but '\(file)' is built for \(built). Rebuild it for \(requested) (lambdactl package --arch \(requested)), or drop --arch to serve it as \(built)."
        case .emulationUnavailable(let guest, let host, let reason):
            let install = "apt-get install qemu-user-static binfmt-support"
            let start = "this \(host) machine cannot run the \(guest) function"
            switch reason {
            case .notMounted(let root):
                return "\(start): binfmt_misc is not mounted at \(root). Mount it (mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc) and register QEMU (\(install)), or serve a \(host) build."
            case .notRegistered:
                return "\(start): no binfmt_misc entry runs \(guest) programs. Register QEMU with `\(install)` (it adds qemu-\(guest == .arm64 ? "aarch64" : "x86_64") with the F flag), or serve a \(host) build (lambdactl package --arch \(host))."
            case .disabled(let name, let root):
                return "\(start): its binfmt_misc entry '\(name)' is disabled. Enable it (update-binfmts --enable \(name), or echo 1 > \(root)/\(name)), or serve a \(host) build."
            case .withoutFixBinary(let name):
                return "\(start) in its namespace: the binfmt_misc entry '\(name)' lacks the F (fix binary) flag, so the kernel looks for QEMU by path inside the function's view of the machine. Re-register it with F (\(install) registers it so), or serve with --isolation none."
            }
        case .emulatedLoaderMissing(let file, let loader, let guest, let host):
            return "'\(file)' is a dynamic \(guest) program that needs \(loader), which this \(host) machine does not have. Install the \(guest) C library for QEMU (apt-get install \(guest.crossLibcPackage); serve passes /usr/\(guest.gnuTriple) to QEMU as QEMU_LD_PREFIX), or link the program statically."
        case .emulationChanged(let before, let after):
            let was = before.map { "\($0) (emulated)" } ?? "this machine's architecture"
            let now = after.map { "\($0) (emulated)" } ?? "this machine's architecture"
            return "the function's files are now built for \(now), but serve started it for \(was); it keeps serving the previous code. Restart lambdactl serve to switch architectures."
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
