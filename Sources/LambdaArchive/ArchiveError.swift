/// Failures while reading or writing zips, each saying what to do about it.
public enum ArchiveError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case unsafePath(entry: String)
    case unsafeSymlink(entry: String, target: String)
    case entryNotFound(String)
    case invalidEntryName(String)

    public var description: String {
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
            return "'\(name)' is not a valid zip entry name (empty, absolute, or with '..'); use paths relative to the package root."
        }
    }
}
