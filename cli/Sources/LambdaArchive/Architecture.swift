/// The two instruction sets Lambda runs, named as Lambda's `--architectures` names them.
public enum Architecture: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    case x86_64
    case arm64

    /// ELF `e_machine` for this architecture: what the kernel compares before it runs a binary
    /// (a mismatch is Lambda's `exec format error`).
    public var elfMachine: UInt16 {
        switch self {
        case .x86_64: return 62
        case .arm64: return 183
        }
    }

    public init?(elfMachine: UInt16) {
        switch elfMachine {
        case 62: self = .x86_64
        case 183: self = .arm64
        default: return nil
        }
    }

    /// Accepts Lambda's names and the usual aliases (`amd64`, `aarch64`), so `uname -m` output works.
    public init?(name: String) {
        switch name.lowercased() {
        case "x86_64", "amd64", "x86-64": self = .x86_64
        case "arm64", "aarch64": self = .arm64
        default: return nil
        }
    }

    /// The architecture of the machine running lambdactl.
    public static var host: Architecture {
        #if arch(arm64)
        return .arm64
        #else
        return .x86_64
        #endif
    }

    /// The docker `--platform` that runs images of this architecture.
    public var dockerPlatform: String { self == .x86_64 ? "linux/amd64" : "linux/arm64" }

    public var description: String { rawValue }
}
