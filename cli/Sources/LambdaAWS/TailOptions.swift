/// What `lambdactl tail` was asked to show.
public struct TailOptions: Sendable {
    public var functionName: String
    /// `10m`, `1h`, `2d`, or an ISO 8601 time, as `aws logs tail --since` takes it.
    public var since: String
    public var follow: Bool
    /// A CloudWatch Logs filter pattern.
    public var filter: String?
    /// Only lines of this invocation (START/END/REPORT and anything mentioning the id).
    public var requestId: String?
    /// Only the events of this version or alias. All versions share the log group; Lambda names
    /// each stream after the version that wrote it (`2026/11/29/[3]abc…`), so an alias is
    /// resolved to its version and the streams are matched on `[version]`.
    public var qualifier: String?
    /// Defaults to `/aws/lambda/<function>`.
    public var logGroup: String?
    /// Seconds between filter-log-events calls with `follow`.
    public var pollInterval: Double = 2

    public init(functionName: String, since: String = "10m", follow: Bool = false, filter: String? = nil, requestId: String? = nil, logGroup: String? = nil) {
        self.functionName = functionName
        self.since = since
        self.follow = follow
        self.filter = filter
        self.requestId = requestId
        self.logGroup = logGroup
    }

    public var resolvedLogGroup: String { logGroup ?? "/aws/lambda/\(functionName)" }
}
