/// `tail` failures that have a better explanation than the service error.
public enum TailError: ExitCoded, CustomStringConvertible, Sendable {
    case noLogGroup(String, region: String?)
    case badSince(String)
    case noAlias(function: String, alias: String)

    /// A bad --since is bad input (2); a missing log group is what the logs say (1).
    public var exitCode: Int32 {
        switch self {
        case .noLogGroup, .noAlias: return 1
        case .badSince: return 2
        }
    }

    public var description: String {
        switch self {
        case .noLogGroup(let group, let region):
            return "the log group \(group) does not exist\(region.map { " in \($0)" } ?? ""): the function has not run yet, or it lives in another region (--region) or under another name. Invoke it once, or pass --log-group NAME."
        case .noAlias(let function, let alias):
            return "\(function) has no alias or version \(alias): list them with aws lambda list-aliases --function-name \(function) (or list-versions-by-function)."
        case .badSince(let text):
            return "--since takes an age such as 30s, 10m, 2h, 1d, or an ISO 8601 time (2026-11-29T06:00:00Z), not '\(text)'."
        }
    }
}
