import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// `lambdactl serve`: runs one function locally behind the Function URL, Invoke and
/// InvokeWithResponseStream fronts, each execution environment talking to its own Runtime API.
public final class LocalEmulator: Sendable {
    public let configuration: FunctionConfiguration
    private let group: MultiThreadedEventLoopGroup
    private let pool: FunctionPool
    /// The listening front, once `start` bound it; `shutdown` may come from another thread (a signal).
    private let front = NIOLockedValueBox<(any Channel)?>(nil)

    /// Validates the configuration (bootstrap present and executable); does not listen yet.
    /// `releaseCode` removes the configuration's folders once `replaceCode` replaced them and no
    /// environment runs them (nil: the caller removes them).
    public init(configuration: FunctionConfiguration, log: LogWriter = LogWriter(),
                releaseCode: (@Sendable () -> Void)? = nil) throws {
        guard configuration.concurrency >= 1 else { throw LocalError.invalidOption("--concurrency must be at least 1") }
        guard configuration.timeout > 0 else { throw LocalError.invalidOption("--timeout must be more than 0 seconds") }
        guard (128...10240).contains(configuration.memorySize) else {
            throw LocalError.invalidOption("--memory must be between 128 and 10240 MB, as on Lambda")
        }
        self.configuration = configuration
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(2, System.coreCount))
        do {
            pool = try FunctionPool(configuration: configuration, group: group, log: log, release: releaseCode)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Starts listening; returns the front port (useful with `port: 0`).
    @discardableResult
    public func start() throws -> Int {
        let pool = self.pool
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                // The initializer runs on the channel's loop: the handler is made and added there,
                // so it never crosses threads (and need not be Sendable).
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FrontHandler(pool: pool))
                }
            }
        do {
            let channel = try bootstrap.bind(host: configuration.host, port: configuration.port).wait()
            front.withLockedValue { $0 = channel }
            return channel.localAddress?.port ?? configuration.port
        } catch {
            throw LocalError.cannotBind(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
    }

    /// Serves the function from other folders from the next cold start on (`serve --watch`):
    /// invocations already running finish on the old code, idle environments end now, and
    /// `release` runs once these folders are replaced in turn and no environment uses them (or at
    /// `shutdown`). `emulation` is what `Emulation.plan` says of the new files; throws, serving the
    /// old code still, when there is no runnable bootstrap or the architecture changed.
    public func replaceCode(taskRoot: String, optRoot: String, emulation: Emulation?,
                            release: @escaping @Sendable () -> Void) throws {
        var config = configuration
        config.taskRoot = taskRoot
        config.optRoot = optRoot
        let bootstrap = try config.bootstrapLocation()
        if emulation != configuration.emulation {
            throw LocalError.emulationChanged(before: configuration.emulation.map(\.guest), after: emulation.map(\.guest))
        }
        pool.replaceCode(FunctionCode(taskRoot: taskRoot, optRoot: optRoot, bootstrapInside: bootstrap.inside, release: release))
    }

    /// Stops listening, kills every function process, waits for them to be reaped and removes the
    /// folders `replaceCode` was given.
    public func shutdown() {
        _ = try? front.withLockedValue({ $0 })?.close().wait()
        pool.shutdown()
        pool.waitForExit(seconds: 5)
        pool.releaseAllCode()
        try? group.syncShutdownGracefully()
    }
}
