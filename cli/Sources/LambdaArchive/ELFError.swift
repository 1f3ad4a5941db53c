/// Why bytes could not be read as ELF. `malformed` says which field is inconsistent, so the finding
/// tells a user (or a fuzzer's triage) what exactly is wrong with the file.
public enum ELFError: Error, CustomStringConvertible, Equatable {
    case notELF
    case malformed(String)

    public var description: String {
        switch self {
        case .notELF: return "not an ELF file (no \\x7fELF magic number)"
        case .malformed(let why): return "malformed ELF file: \(why)"
        }
    }
}
