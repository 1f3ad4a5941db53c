/// What a handler knows about its invocation and its function. Built from the `/next` headers and
/// the environment Lambda gives the bootstrap.
public struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public let requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the invocation, in epoch milliseconds.
    public let deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn` (includes the alias or version when invoked through one).
    public let invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`: the X-Ray trace header of this invocation.
    ///
    /// With one invocation at a time the runtime also exports it as `_X_AMZN_TRACE_ID` for X-Ray
    /// SDKs. With several at once (`AWS_LAMBDA_MAX_CONCURRENCY` > 1, Lambda Managed Instances) a
    /// process-wide variable cannot belong to any one invocation, so the runtime does not set it:
    /// read the trace id here and pass it to your tracer explicitly.
    public let traceID: String?
    /// `Lambda-Runtime-Client-Context` (JSON text from mobile SDK callers), if any.
    public let clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity` (JSON text), if any.
    public let cognitoIdentity: String?
    public let functionName: String
    public let functionVersion: String
    public let memoryLimitInMB: Int
    public let logGroupName: String
    public let logStreamName: String
    /// Writes to stderr, tagged with this request id.
    public let logger: LambdaLogger

    public init(
        requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, functionName: String = "",
        functionVersion: String = "$LATEST", memoryLimitInMB: Int = 128, logGroupName: String = "",
        logStreamName: String = "", logger: LambdaLogger? = nil
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.functionName = functionName
        self.functionVersion = functionVersion
        self.memoryLimitInMB = memoryLimitInMB
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.logger = logger ?? LambdaLogger.fromEnvironment(requestID: requestID)
    }

    /// Milliseconds left before the deadline (0 once passed).
    public var remainingTimeMilliseconds: Int64 { max(0, deadlineMilliseconds - WallClock.nowMilliseconds()) }

    /// Time left before the deadline.
    public var remainingTime: Duration { .milliseconds(remainingTimeMilliseconds) }
}
