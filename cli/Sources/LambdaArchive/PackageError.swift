/// Why `package` stopped, each case saying how to go on. Nothing is written at the output path in
/// any of these cases (an older zip there is left as it was).
public enum PackageError: Error, CustomStringConvertible {
    case noInput
    case inputNotFound(String)
    case noBootstrapInDirectory(String)
    case duplicateEntry(String)
    case tooLarge(bytes: UInt64)
    case invalidCompressionLevel(Int)
    case checksFailed(PackageReport)
    /// A file or folder of the input that this user cannot read.
    case unreadableInput(path: String, reason: String)
    /// A FIFO, socket or device in the input: opening a FIFO would block forever, and none of them
    /// is something Lambda can unpack.
    case unsupportedFileType(path: String, kind: String)

    public var description: String {
        switch self {
        case .noInput:
            return "nothing to package: pass --binary PATH (an executable that becomes bootstrap) or --dir PATH (a folder with a bootstrap)."
        case .invalidCompressionLevel(let level):
            return "compression level \(level) is out of range: use 0 (store) to 9 (smallest)."
        case .checksFailed(let report):
            return "the package failed \(report.errors.count) check(s); nothing was written:\n" + report.errors.map(\.description).joined(separator: "\n")
        default:
            return finding.map { "\($0.message) \($0.fix)" } ?? ""
        }
    }

    /// The refusal as a finding with a stable id, so `package --json` reports an early refusal the
    /// same way as a failed check.
    public var finding: Finding? {
        switch self {
        case .noInput, .invalidCompressionLevel, .checksFailed:
            return nil
        case .inputNotFound(let path):
            return Finding(id: "input-not-found", severity: .error, message: "\(path) does not exist.",
                           fix: "Check the path (relative paths are taken from the current folder).", entry: path)
        case .noBootstrapInDirectory(let path):
            return Finding(id: "bootstrap-missing", severity: .error, message: "\(path) has no file named bootstrap at its top level.",
                           fix: "Add one (a script with a shebang, or your binary), or pass --binary PATH.")
        case .duplicateEntry(let name):
            return Finding(id: "duplicate-entry", severity: .error, message: "'\(name)' would be added twice (from --dir and --include?).",
                           fix: "Include each file once.", entry: name)
        case .tooLarge(let bytes):
            return Finding(id: "unzipped-too-large", severity: .error,
                           message: "the files add up to \(ByteCount(bytes)) unzipped (layers included), over Lambda's \(ByteCount(PackageLimits.unzippedBytes)) limit.",
                           fix: "Strip binaries or include fewer files.")
        case .unreadableInput(let path, let reason):
            return Finding(id: "input-unreadable", severity: .error, message: "cannot read \(path): \(reason).",
                           fix: "Make it readable (chmod a+r, and a+rx for a folder) or leave it out.", entry: path)
        case .unsupportedFileType(let path, let kind):
            return Finding(id: "unsupported-file-type", severity: .error,
                           message: "\(path) is a \(kind), which cannot go into a zip (reading a FIFO would wait forever; Lambda cannot unpack any of them).",
                           fix: "Remove it from the folder (or move it out), or pass the files to keep with --include.", entry: path)
        }
    }
}
