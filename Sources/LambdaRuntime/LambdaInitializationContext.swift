/// What a handler factory gets while the function initialises (before the first `/next`).
/// An error thrown by the factory is reported with `POST /runtime/init/error` and the process exits.
public struct LambdaInitializationContext: Sendable {
    public let logger: LambdaLogger
    public let functionName: String
    public let functionVersion: String
    public let memoryLimitInMB: Int
    /// How many invocations run at once (`AWS_LAMBDA_MAX_CONCURRENCY`, 1 outside Managed Instances).
    public let maxConcurrency: Int
}
