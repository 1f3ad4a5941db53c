/// Why `lambdactl init` wrote nothing.
public enum ProjectScaffoldError: Error, CustomStringConvertible {
    case folderNotEmpty(String, entries: [String])
    case notAFolder(String)
    case cannotWrite(String, reason: String)

    public var description: String {
        switch self {
        case let .folderNotEmpty(path, entries):
            let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", ..." : "")
            return "\(path) already exists and is not empty (\(shown)); nothing was written. Pick another NAME or --output-dir, or empty that folder."
        case let .notAFolder(path):
            return "\(path) already exists and is not a folder; nothing was written. Pick another NAME or --output-dir."
        case let .cannotWrite(path, reason):
            return "cannot create the project at \(path): \(reason); nothing was left behind. Check that the folder is writable."
        }
    }
}
