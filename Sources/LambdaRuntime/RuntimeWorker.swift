/// One invocation at a time on one connection. `LambdaRuntime` runs one worker, or
/// `AWS_LAMBDA_MAX_CONCURRENCY` of them (each with its own connection and `/next` thread).
struct RuntimeWorker<Handler: StreamingLambdaHandler> {
    var handler: Handler
    let client: RuntimeAPIClient
    let environment: LambdaFunctionEnvironment
    let offload: BlockingIOThread?
    let logger = LambdaLogger.fromEnvironment()

    private func nextInvocation() async throws(LambdaRuntimeError) -> Invocation {
        let client = self.client
        return try await offload.perform { () throws(LambdaRuntimeError) in try client.next() }
    }

    mutating func run() async -> Never {
        while true {
            let invocation: Invocation
            do { invocation = try await nextInvocation() } catch { RuntimeExit.fail(error, logger: logger) }
            if let trace = invocation.traceID {
                setenv("_X_AMZN_TRACE_ID", trace, 1)
            } else {
                unsetenv("_X_AMZN_TRACE_ID")
            }
            var requestLogger = logger
            requestLogger.requestID = invocation.requestID
            let context = LambdaContext(
                requestID: invocation.requestID, deadlineMilliseconds: invocation.deadlineMilliseconds,
                invokedFunctionARN: invocation.invokedFunctionARN, traceID: invocation.traceID,
                clientContext: invocation.clientContext, cognitoIdentity: invocation.cognitoIdentity,
                functionName: environment.functionName, functionVersion: environment.functionVersion,
                memoryLimitInMB: environment.memoryLimitInMB, logGroupName: environment.logGroupName,
                logStreamName: environment.logStreamName, logger: requestLogger)
            let writer = LambdaResponseWriter(client: client, requestID: invocation.requestID, offload: offload)

            var failure: (any Error)?
            do {
                try await handler.handle(invocation.event, responseWriter: writer, context: context)
            } catch {
                failure = error
            }
            if let broken = writer.connectionFailure { RuntimeExit.fail(broken, logger: logger) }
            do {
                if let failure {
                    let report = LambdaErrorReport(failure)
                    requestLogger.error("invocation failed: \(report.errorType): \(report.errorMessage)")
                    switch writer.state {
                    case .idle:
                        let (client, requestID) = (client, invocation.requestID)
                        try await offload.perform { () throws(LambdaRuntimeError) in try client.postError(requestID: requestID, error: report) }
                    case .streaming: try await writer.finish(error: report)
                    case .finished: break  // the response was complete; only the log line remains
                    }
                } else if writer.state != .finished {
                    try await writer.finish(error: nil)
                }
            } catch let error as LambdaRuntimeError {
                RuntimeExit.fail(error, logger: logger)
            } catch {
                requestLogger.error("completing the response failed: \(error)")
            }
        }
    }
}
