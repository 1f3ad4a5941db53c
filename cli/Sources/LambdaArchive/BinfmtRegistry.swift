import Foundation

/// The kernel's binfmt_misc table, read to answer one question: can this machine run programs
/// built for another architecture (an arm64 `bootstrap` on x86_64, through QEMU)?
///
/// Entries are matched by the bytes an ELF executable of that architecture starts with, not by
/// name: `qemu-user-static` calls its entry `qemu-aarch64`, docker's `tonistiigi/binfmt` and
/// systemd's binfmt.d files may call it otherwise.
public struct BinfmtRegistry: Sendable {
    /// Where binfmt_misc is mounted.
    public var root: String

    /// The usual mount point.
    public static let defaultRoot = "/proc/sys/fs/binfmt_misc"

    public init(root: String = BinfmtRegistry.defaultRoot) { self.root = root }

    /// The table this process sees: `LAMBDACTL_BINFMT_MISC` when set (binfmt_misc mounted
    /// elsewhere, or a test's stand-in table), else `/proc/sys/fs/binfmt_misc`.
    public static func system(environment: [String: String] = ProcessInfo.processInfo.environment) -> BinfmtRegistry {
        BinfmtRegistry(root: environment["LAMBDACTL_BINFMT_MISC"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultRoot)
    }

    /// False when binfmt_misc is not mounted here, or is switched off as a whole (`status` says
    /// `disabled`).
    public var isAvailable: Bool {
        guard let status = try? String(contentsOfFile: root + "/status", encoding: .utf8) else { return false }
        return status.trimmingCharacters(in: .whitespacesAndNewlines) == "enabled"
    }

    /// Every magic-number entry, by name.
    public func handlers() -> [BinfmtHandler] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return names.sorted().compactMap { name in
            guard name != "register", name != "status",
                  let text = try? String(contentsOfFile: root + "/" + name, encoding: .utf8) else { return nil }
            return BinfmtHandler(name: name, text: text)
        }
    }

    /// The entry that runs `architecture`'s executables (static or PIE), preferring an enabled one
    /// with the `F` flag; nil when none matches.
    public func handler(for architecture: Architecture) -> BinfmtHandler? {
        let headers = [BinfmtRegistry.elfHeader(architecture, type: 2), BinfmtRegistry.elfHeader(architecture, type: 3)]
        let matching = handlers().filter { handler in headers.allSatisfy(handler.matches) }
        return matching.first { $0.enabled && $0.fixesBinary } ?? matching.first { $0.enabled } ?? matching.first
    }

    /// The first 64 bytes of a little-endian ELF64 file of `type` (2: executable, 3: PIE) for
    /// `architecture`: what the kernel compares an entry's magic against.
    static func elfHeader(_ architecture: Architecture, type: UInt16) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 64)
        header[0...6] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1]
        header[16] = UInt8(type & 0xFF)
        header[17] = UInt8(type >> 8)
        header[18] = UInt8(architecture.elfMachine & 0xFF)
        header[19] = UInt8(architecture.elfMachine >> 8)
        header[20] = 1
        return header
    }
}
