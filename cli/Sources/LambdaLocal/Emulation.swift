import LambdaArchive

/// How `serve` runs a function built for another architecture than this machine's: the kernel
/// hands it to QEMU through a binfmt_misc entry, transparently (same pid, same namespaces).
///
/// Emulated code runs several times slower than native code, so its durations are not Lambda's;
/// the banner and every REPORT line say so.
public struct Emulation: Sendable, Equatable {
    /// The function's architecture.
    public var guest: Architecture
    /// This machine's.
    public var host: Architecture
    /// The binfmt_misc entry that runs it (e.g. `qemu-aarch64`).
    public var handler: BinfmtHandler
    /// The guest's C library for dynamic programs, given to QEMU as `QEMU_LD_PREFIX`; nil when
    /// this machine has none (static programs need none).
    public var sysroot: String?

    public init(guest: Architecture, host: Architecture, handler: BinfmtHandler, sysroot: String?) {
        self.guest = guest
        self.host = host
        self.handler = handler
        self.sysroot = sysroot
    }

    /// `arm64 on this x86_64 machine, through qemu-aarch64`.
    public var summary: String { "\(guest) on this \(host) machine, through \(handler.name) (binfmt_misc)" }

    /// Decides how to run the function. `requested` is `--arch` or lambdactl.toml's `[function]
    /// arch`; `program` what its files say. Nil when it runs natively; throws `LocalError` when it
    /// cannot run here, with the fix.
    ///
    /// Without the `F` flag the kernel opens the interpreter by path when the function starts; the
    /// function's namespace may not have that path (bwrap), so the flag is required unless
    /// `isolation` is `.none`.
    public static func plan(program: ProgramArchitecture?, requested: Architecture?, host: Architecture = .host,
                            registry: BinfmtRegistry, isolation: Isolation,
                            fileExists: (String) -> Bool = { access($0, F_OK) == 0 }) throws -> Emulation? {
        if let requested, let program, program.architecture != requested {
            throw LocalError.architectureMismatch(file: program.file, built: program.architecture, requested: requested)
        }
        let guest = requested ?? program?.architecture ?? host
        guard guest != host else { return nil }
        guard registry.isAvailable else {
            throw LocalError.emulationUnavailable(guest: guest, host: host, reason: .notMounted(registry.root))
        }
        guard let handler = registry.handler(for: guest) else {
            throw LocalError.emulationUnavailable(guest: guest, host: host, reason: .notRegistered)
        }
        guard handler.enabled else {
            throw LocalError.emulationUnavailable(guest: guest, host: host, reason: .disabled(handler.name, root: registry.root))
        }
        if isolation != .none && !handler.fixesBinary {
            throw LocalError.emulationUnavailable(guest: guest, host: host, reason: .withoutFixBinary(handler.name))
        }
        let candidate = "/usr/" + guest.gnuTriple
        let sysroot = fileExists(candidate + "/lib") ? candidate : nil
        if let program, let loader = program.loader, !fileExists(loader), !(sysroot.map { fileExists($0 + loader) } ?? false) {
            throw LocalError.emulatedLoaderMissing(file: program.file, loader: loader, guest: guest, host: host)
        }
        return Emulation(guest: guest, host: host, handler: handler, sysroot: sysroot)
    }
}

extension Architecture {
    /// The GNU triple's first part and system, as Debian names its cross sysroots (`/usr/aarch64-linux-gnu`).
    var gnuTriple: String { self == .arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu" }

    /// Debian's package of the guest C library at that sysroot.
    var crossLibcPackage: String { self == .arm64 ? "libc6-arm64-cross" : "libc6-amd64-cross" }
}

#if canImport(Glibc)
import Glibc
#endif
