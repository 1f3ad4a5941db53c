/// What `lambdactl delete` was asked to remove besides the function, its URLs and the
/// permissions lambdactl added.
public struct DeleteOptions: Sendable {
    public var functionName: String
    /// Also the execution role, when lambdactl created it (`deploy --create-role` tags it).
    public var role: Bool
    /// Also the log group `/aws/lambda/<function>`.
    public var logs: Bool

    public init(functionName: String, role: Bool = false, logs: Bool = false) {
        self.functionName = functionName
        self.role = role
        self.logs = logs
    }
}
