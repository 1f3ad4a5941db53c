/// The function-level settings Lambda passes in the environment, read once at start.
struct LambdaFunctionEnvironment: Sendable {
    var functionName: String
    var functionVersion: String
    var memoryLimitInMB: Int
    var logGroupName: String
    var logStreamName: String
    /// `AWS_LAMBDA_MAX_CONCURRENCY` (Lambda Managed Instances): how many invocations run at once.
    var maxConcurrency: Int

    static func load() -> LambdaFunctionEnvironment {
        LambdaFunctionEnvironment(
            functionName: environmentValue("AWS_LAMBDA_FUNCTION_NAME") ?? "",
            functionVersion: environmentValue("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST",
            memoryLimitInMB: environmentValue("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").flatMap { Int($0) } ?? 128,
            logGroupName: environmentValue("AWS_LAMBDA_LOG_GROUP_NAME") ?? "",
            logStreamName: environmentValue("AWS_LAMBDA_LOG_STREAM_NAME") ?? "",
            maxConcurrency: max(1, min(1024, environmentValue("AWS_LAMBDA_MAX_CONCURRENCY").flatMap { Int($0) } ?? 1))
        )
    }
}
