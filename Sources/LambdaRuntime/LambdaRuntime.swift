/// The custom-runtime loop: poll `/next`, run the handler, send its response or error, repeat.
///
/// ```swift
/// import LambdaRuntime
///
/// LambdaRuntime { event, writer, context in
///     try await writer.write("hello\n")
/// }.start()          // or `await ... .run()` from an async context
/// ```
/// `run()` never returns. It survives every handler error; it exits non-zero with one line on stderr
/// when the Runtime API is unreachable, closes the connection, or answers with an error status
/// (Lambda then restarts the environment), and after reporting an initialisation error.
public struct LambdaRuntime<Handler: StreamingLambdaHandler>: Sendable {
    private let makeHandler: @Sendable (LambdaInitializationContext) async throws -> Handler

    /// Serves `handler` (copied once per concurrent worker).
    public init(handler: Handler) {
        makeHandler = { _ in handler }
    }

    /// Builds the handler at start; an error thrown here becomes `POST /runtime/init/error`.
    public init(makeHandler: @escaping @Sendable (LambdaInitializationContext) async throws -> Handler) {
        self.makeHandler = makeHandler
    }

    /// Runs the loop from a synchronous `main` (top-level code without `await`) and never returns.
    ///
    /// Prefer it to `await run()` in a `bootstrap`: an async `main` ends in `dispatch_main()`, which
    /// calls `pthread_exit` on the main thread; in a fully static executable that forced unwind sorts
    /// every FDE of the binary first (~5 ms of CPU at start, measured here). `start()` parks the main
    /// thread instead and runs the loop on the cooperative pool.
    public func start() -> Never {
        let runtime = self
        Task.detached { await runtime.run() }
        while true { pause() }
    }

    /// Runs the loop until the process ends.
    public func run() async -> Never {
        signal(SIGPIPE, SIG_IGN)
        let logger = LambdaLogger.fromEnvironment()
        guard let api = environmentValue("AWS_LAMBDA_RUNTIME_API"), !api.isEmpty else {
            RuntimeExit.fail(.missingRuntimeAPI, logger: logger)
        }
        let endpoint: RuntimeAPIEndpoint
        do { endpoint = try RuntimeAPIEndpoint.parse(api) } catch { RuntimeExit.fail(error, logger: logger) }
        let environment = LambdaFunctionEnvironment.load()

        let handler: Handler
        do {
            handler = try await makeHandler(LambdaInitializationContext(
                logger: logger, functionName: environment.functionName, functionVersion: environment.functionVersion,
                memoryLimitInMB: environment.memoryLimitInMB, maxConcurrency: environment.maxConcurrency))
        } catch {
            LambdaRuntimeReporting.reportInitError(error, endpoint: endpoint, logger: logger)
        }

        if environment.maxConcurrency == 1 {
            var worker = RuntimeWorker(handler: handler, client: RuntimeAPIClient(endpoint: endpoint), environment: environment, offload: nil)
            await worker.run()
        }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<environment.maxConcurrency {
                group.addTask {
                    var worker = RuntimeWorker(
                        handler: handler, client: RuntimeAPIClient(endpoint: endpoint), environment: environment,
                        offload: BlockingIOThread())
                    await worker.run()
                }
            }
        }
        RuntimeExit.fail(.missingRequestID, logger: logger)  // unreachable: workers never return
    }
}

extension LambdaRuntime where Handler == ClosureStreamingHandler {
    /// A streaming function from a closure: `LambdaRuntime { event, writer, context in ... }`.
    public init(body: @escaping ClosureStreamingHandler.Body) {
        self.init(handler: ClosureStreamingHandler(body))
    }
}

extension LambdaRuntime where Handler == BufferedHandlerAdapter<ClosureBufferedHandler> {
    /// A buffered function from a closure: `LambdaRuntime { event, context in return bytes }`.
    public init(body: @escaping ClosureBufferedHandler.Body) {
        self.init(handler: BufferedHandlerAdapter(ClosureBufferedHandler(body)))
    }
}

extension LambdaRuntime {
    /// Serves a buffered handler.
    public init<Buffered: BufferedLambdaHandler>(bufferedHandler: Buffered) where Handler == BufferedHandlerAdapter<Buffered> {
        self.init(handler: BufferedHandlerAdapter(bufferedHandler))
    }
}

/// Reporting helpers for programs that initialise outside `LambdaRuntime(makeHandler:)`.
public enum LambdaRuntimeReporting {
    /// Posts `error` to `/runtime/init/error`, logs it, and exits with status 1.
    public static func reportInitError(_ error: any Error) -> Never {
        let logger = LambdaLogger.fromEnvironment()
        guard let api = environmentValue("AWS_LAMBDA_RUNTIME_API"), !api.isEmpty else {
            RuntimeExit.fail(.missingRuntimeAPI, logger: logger)
        }
        do {
            reportInitError(error, endpoint: try RuntimeAPIEndpoint.parse(api), logger: logger)
        } catch {
            RuntimeExit.fail(error, logger: logger)
        }
    }

    static func reportInitError(_ error: any Error, endpoint: RuntimeAPIEndpoint, logger: LambdaLogger) -> Never {
        let report = LambdaErrorReport(error, category: "Runtime.InitError")
        logger.log(.fatal, "initialisation failed: \(report.errorType): \(report.errorMessage)")
        do {
            try RuntimeAPIClient(endpoint: endpoint).postInitError(report)
        } catch {
            RuntimeExit.fail(error, logger: logger)
        }
        exit(1)
    }
}

/// The one way the runtime stops: one clear line on stderr, then a non-zero status.
enum RuntimeExit {
    static func fail(_ error: LambdaRuntimeError, logger: LambdaLogger) -> Never {
        var logger = logger
        logger.minimumLevel = .trace
        logger.log(.fatal, "LambdaRuntime: \(error.description)")
        exit(1)
    }
}
