/// One thing `lambdactl delete` removes: what it is, for the list shown before asking, and the
/// aws command that removes it.
public struct RemovalStep: Codable, Sendable, Equatable {
    public var summary: String
    public var arguments: [String]

    public init(summary: String, arguments: [String]) {
        self.summary = summary
        self.arguments = arguments
    }
}
