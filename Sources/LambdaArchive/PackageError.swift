/// Why `package` stopped, each case saying how to go on. Nothing is written at the output path in
/// any of these cases.
public enum PackageError: Error, CustomStringConvertible {
    case noInput
    case inputNotFound(String)
    case noBootstrapInDirectory(String)
    case duplicateEntry(String)
    case tooLarge(bytes: UInt64)
    case invalidCompressionLevel(Int)
    case checksFailed(PackageReport)

    public var description: String {
        switch self {
        case .noInput:
            return "nothing to package: pass --binary PATH (an executable that becomes bootstrap) or --dir PATH (a folder with a bootstrap)."
        case .inputNotFound(let path):
            return "\(path) does not exist; check the path (relative paths are taken from the current folder)."
        case .noBootstrapInDirectory(let path):
            return "\(path) has no file named bootstrap at its top level; add one (a script with a shebang, or your binary), or pass --binary PATH."
        case .duplicateEntry(let name):
            return "'\(name)' would be added twice (from --dir and --include?); include each file once."
        case .tooLarge(let bytes):
            return "the files add up to \(ByteCount(bytes)) unzipped (layers included), over Lambda's \(ByteCount(PackageLimits.unzippedBytes)) limit; nothing was written. Strip binaries or include fewer files."
        case .invalidCompressionLevel(let level):
            return "compression level \(level) is out of range: use 0 (store) to 9 (smallest)."
        case .checksFailed(let report):
            return "the package failed \(report.errors.count) check(s); nothing was written:\n" + report.errors.map(\.description).joined(separator: "\n")
        }
    }
}
