/// Failures while reading or writing zips, each saying what to do about it.
public enum ArchiveError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case unsafePath(entry: String)
    case unsafeSymlink(entry: String, target: String)
    case entryNotFound(String)
    case invalidEntryName(String)
    /// The entry's data does not match the CRC-32 its headers declare.
    case crcMismatch(path: String, entry: String)
    /// The entry's data does not have the size its headers declare (ends early: truncated, or a lying header).
    case truncatedEntry(path: String, entry: String, declared: UInt64, actual: UInt64)
    /// The entry's data goes on past the size its headers declare (a lying header, or a bomb).
    case oversizedEntry(path: String, entry: String, declared: UInt64)
    /// libzip could not decompress the entry (invalid deflate data, unsupported method, encryption).
    case corruptEntry(path: String, entry: String, reason: String)
    /// `contents(of:)` stopped at its cap: more than any Lambda package may hold.
    case entryTooLarge(entry: String, limit: UInt64)
    /// The zip failed the structural checks run before unpacking (`serve`).
    case checksFailed(path: String, findings: [Finding])

    public var description: String {
        if let finding { return "\(finding)" }
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open zip \(path): \(reason). Check the path, and that the file is a zip archive."
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason). Check that the folder exists and is writable."
        case .cannotRead(let path, let reason):
            return "cannot read \(path): \(reason). Check that the file exists and is readable."
        case .unsafePath(let entry):
            return "zip entry '\(entry)' would be written outside the target folder (absolute path or '..'); refusing to extract. Rebuild the zip with relative paths."
        case .unsafeSymlink(let entry, let target):
            return "zip entry '\(entry)' is a symlink to '\(target)', outside the target folder; refusing to extract. Replace the link with the file it points to."
        case .entryNotFound(let name):
            return "the zip has no entry '\(name)'."
        case .invalidEntryName(let name):
            return "'\(name)' is not a valid zip entry name (empty, absolute, with '..', or a link target longer than PATH_MAX); use paths relative to the package root."
        case .entryTooLarge(let entry, let limit):
            return "zip entry '\(entry)' unzips to more than \(ByteCount(limit)), over anything Lambda accepts; rebuild the zip."
        case .checksFailed(let path, let findings):
            let errors = findings.filter { $0.severity == .error }
            return "\(path) failed \(errors.count) check(s); refusing to unpack it:\n" + errors.map(\.description).joined(separator: "\n")
        case .crcMismatch, .truncatedEntry, .oversizedEntry, .corruptEntry:
            return ""
        }
    }

    /// The package-check finding this failure stands for, so `doctor`, `package` and `serve` report
    /// a damaged entry with one id and one fix.
    public var finding: Finding? {
        let fix = "The zip is damaged (an interrupted copy or download, or edited bytes): rebuild it (lambdactl package) or copy it again; unzip -t shows the damaged entries."
        switch self {
        case .crcMismatch(let path, let entry):
            return Finding(id: "crc-mismatch", severity: .error,
                           message: "'\(entry)' in \(path) does not match its CRC-32: its data is corrupted.", fix: fix, entry: entry)
        case .truncatedEntry(let path, let entry, let declared, let actual):
            return Finding(id: "crc-mismatch", severity: .error,
                           message: "'\(entry)' in \(path) declares \(declared) bytes but its data holds \(actual): it is truncated or its header lies, and its CRC-32 cannot be checked.", fix: fix, entry: entry)
        case .oversizedEntry(let path, let entry, let declared):
            return Finding(id: "crc-mismatch", severity: .error,
                           message: "'\(entry)' in \(path) declares \(declared) bytes but its data holds more: its header lies (reading stopped there), and its CRC-32 cannot be checked.", fix: fix, entry: entry)
        case .corruptEntry(let path, let entry, let reason):
            return Finding(id: "crc-mismatch", severity: .error,
                           message: "'\(entry)' in \(path) cannot be decompressed (\(reason)).", fix: fix, entry: entry)
        default:
            return nil
        }
    }
}
