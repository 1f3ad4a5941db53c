/// What `url-config` found and did.
public struct URLConfigResult: Codable, Sendable {
    /// `nil` only in a dry run that would create the URL.
    public var config: FunctionURLConfig?
    public var created: Bool
    public var updated: Bool
    public var addedStatements: [String]
    public var removedStatements: [String]
    /// For AWS_IAM: the identity policy callers need.
    public var callerPolicy: String?
    /// What came back differs from what was asked (printed on standard error).
    public var warnings: [String]
    public var plannedCommands: [String]
}
