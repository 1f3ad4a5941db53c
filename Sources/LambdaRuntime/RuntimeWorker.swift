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
        // One worker: the process-wide variable belongs to the one invocation in flight. Several:
        // it would belong to none of them (handlers read `context.traceID`), so it is not set.
        let traceVariable: TraceIDVariable? = environment.maxConcurrency == 1 ? TraceIDVariable() : nil
        while true {
            let invocation: Invocation
            do { invocation = try await nextInvocation() } catch { RuntimeExit.fail(error, logger: logger) }
            traceVariable?.set(invocation.traceID)
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
            await writer.seize()
            if let broken = writer.connectionFailure {
                guard broken.endsOnlyThisInvocation else { RuntimeExit.fail(broken, logger: logger) }
                requestLogger.error("\(broken.description); serving the next invocation")
                client.connection.close()
                continue
            }
            if let rejection = writer.rejection {
                requestLogger.error("\(rejection.description); serving the next invocation")
                continue
            }
            do throws(LambdaRuntimeError) {
                if let failure {
                    let report = LambdaErrorReport(failure)
                    requestLogger.error("invocation failed: \(report.errorType): \(report.errorMessage)")
                    switch writer.state {
                    case .idle:
                        let (client, requestID) = (client, invocation.requestID)
                        try await offload.perform { () throws(LambdaRuntimeError) in try client.postError(requestID: requestID, error: report) }
                    case .streaming: try await writer.finishByRuntime(error: report)
                    case .finished: break  // the response was complete; only the log line remains
                    }
                } else if writer.state != .finished {
                    try await writer.finishByRuntime(error: nil)
                }
            } catch where error.endsOnlyThisInvocation {
                requestLogger.error("\(error.description); serving the next invocation")
                client.connection.close()
            } catch {
                RuntimeExit.fail(error, logger: logger)
            }
        }
    }
}
