/// A `lambdactl.toml` that cannot be used, with the line to look at and the fix.
public enum ProjectConfigError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case syntax(path: String, line: Int, column: Int, message: String)
    case unknownTable(path: String, line: Int, table: String, suggestion: String?)
    case unknownKey(path: String, line: Int, key: String, suggestion: String?)
    case wrongType(path: String, line: Int, key: String, expected: String)
    case invalidValue(path: String, line: Int, key: String, value: String, allowed: String)
    case outOfRange(path: String, line: Int, key: String, value: Int, range: ClosedRange<Int>, unit: String)
    case invalidName(path: String, line: Int, value: String)
    case conflict(path: String, line: Int, keys: [String])
    /// `LAMBDACTL_CONFIG` names a file that does not exist.
    case missing(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            return "cannot read \(path); check that it exists and is readable."
        case .syntax(let path, let line, let column, let message):
            return "\(path):\(line):\(column): not valid TOML: \(message)."
        case .unknownTable(let path, let line, let table, let suggestion):
            return "\(path):\(line): unknown table [\(table)]" + (suggestion.map { "; did you mean [\($0)]?" } ?? "")
                + " Known tables: \(ProjectConfig.schema.keys.sorted().map { "[\($0)]" }.joined(separator: ", "))."
        case .unknownKey(let path, let line, let key, let suggestion):
            let table = String(key.split(separator: ".").first ?? "")
            let known = ProjectConfig.schema[table]?.keys.sorted().joined(separator: ", ") ?? ""
            return "\(path):\(line): unknown key '\(key)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + " Keys of [\(table)]: \(known)."
        case .wrongType(let path, let line, let key, let expected):
            return "\(path):\(line): '\(key)' must be \(expected)."
        case .invalidValue(let path, let line, let key, let value, let allowed):
            return "\(path):\(line): '\(key)' is '\(value)'; use one of: \(allowed)."
        case .outOfRange(let path, let line, let key, let value, let range, let unit):
            return "\(path):\(line): '\(key)' is \(value); use \(range.lowerBound)-\(range.upperBound) (\(unit))."
        case .invalidName(let path, let line, let value):
            return "\(path):\(line): 'function.name' is '\(value)'; a Lambda function name is 1-64 letters, digits, '-' and '_'."
        case .conflict(let path, let line, let keys):
            return "\(path):\(line): \(keys.map { "'\($0)'" }.joined(separator: " and ")) are both set; keep one (each names the code to package)."
        case .missing(let path):
            return "LAMBDACTL_CONFIG is \(path), which does not exist; create it (lambdactl init writes one), or unset LAMBDACTL_CONFIG to use ./lambdactl.toml."
        }
    }
}
