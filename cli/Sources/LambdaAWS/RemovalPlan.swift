/// What `lambdactl delete` found: the steps in the order they run (URL configs and the
/// permissions lambdactl added, then the function, its role, its log group) and what it keeps on
/// purpose, with the reason.
public struct RemovalPlan: Codable, Sendable {
    public var functionName: String
    public var steps: [RemovalStep]
    public var kept: [String]

    public var isEmpty: Bool { steps.isEmpty }
}
