import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Schedules invocations onto execution environments: starts one per request up to `concurrency`
/// (a cold start), reuses idle ones, queues the rest, and turns timeouts and crashes into Lambda's
/// errors. A dead environment is never revived: the next request starts a fresh one.
///
/// `replaceCode` (serve --watch) swaps the code new environments start with: idle environments
/// are retired at once, busy ones when their invocation ends, and an old code's folders are
/// removed when its last environment is gone.
///
/// Unchecked Sendable, because one lock guards two types: every `var` below, and every `var` of
/// the `ExecutionEnvironment`s in `environments`, is read and written only with `lock` held
/// (methods named `...Locked` expect the caller to hold it). One lock for both keeps a scheduling
/// decision (which environment is idle, what is queued) atomic; a lock per environment would not.
final class FunctionPool: @unchecked Sendable {
    let configuration: FunctionConfiguration
    let log: LogWriter
    let group: EventLoopGroup
    /// Spawns and timers run here; its thread lives as long as the pool, which matters because the
    /// children's parent-death signal is tied to the spawning thread.
    let loop: EventLoop
    private let lock = NIOLock()
    private var queue: [Invocation] = []
    private var environments: [Int: ExecutionEnvironment] = [:]
    private var nextID = 1
    private var shuttingDown = false
    /// The code the next environment starts with.
    private var code: FunctionCode
    /// Replaced codes some environment still runs, by identity; released when the last one ends.
    private var staleCodes: [ObjectIdentifier: FunctionCode] = [:]

    /// `release` removes the configuration's folders once a `replaceCode` made them unused (nil:
    /// the caller removes them).
    init(configuration: FunctionConfiguration, group: EventLoopGroup, log: LogWriter, release: (@Sendable () -> Void)? = nil) throws {
        self.configuration = configuration
        self.group = group
        self.loop = group.next()
        self.log = log
        code = FunctionCode(taskRoot: configuration.taskRoot, optRoot: configuration.optRoot,
                            bootstrapInside: try configuration.bootstrapLocation().inside, release: release)
    }

    /// Number of live environments (for tests and the startup banner).
    var environmentCount: Int { lock.withLock { environments.count } }

    // MARK: - Fronts

    func submit(_ invocation: Invocation) {
        lock.withLock {
            if shuttingDown {
                _ = invocation.finish(error: FunctionError(type: "Service.Unavailable", message: "lambdactl serve is shutting down"), log: [])
                return
            }
            for environment in environments.values.sorted(by: { $0.id < $1.id }) where environment.code === code {
                if case .waiting(let deliver) = environment.state {
                    start(invocation, on: environment, deliver: deliver)
                    return
                }
            }
            if environments.count < configuration.concurrency {
                spawnLocked(for: invocation)
            } else {
                queue.append(invocation)
            }
        }
    }

    // MARK: - Runtime API (called by RuntimeAPIHandler)

    /// `GET /next`: answers now when work is waiting, else parks until `submit`.
    func next(from environment: ExecutionEnvironment, deliver: @escaping (Invocation, Int64) -> Void) {
        lock.withLock {
            switch environment.state {
            case .dead, .busy, .waiting: return
            case .initializing:
                environment.pendingInitDuration = Double((NIODeadline.now() - environment.spawnedAt).nanoseconds) / 1e6
                environment.timer?.cancel()
                environment.timer = nil
            case .betweenInvocations: break
            }
            if environment.assigned == nil && environment.code !== code {
                retireLocked(environment)
                return
            }
            if let invocation = environment.assigned ?? (queue.isEmpty ? nil : queue.removeFirst()) {
                environment.assigned = nil
                start(invocation, on: environment, deliver: deliver)
            } else {
                environment.state = .waiting(deliver: deliver)
            }
        }
    }

    func current(of environment: ExecutionEnvironment, requestID: String) -> Invocation? {
        lock.withLock {
            guard let invocation = environment.current, invocation.requestID == requestID else { return nil }
            return invocation
        }
    }

    /// The runtime finished its response (or posted an error) for `invocation`.
    func complete(_ invocation: Invocation, on environment: ExecutionEnvironment, error: FunctionError?) {
        lock.withLock {
            guard environment.current === invocation else { return }
            environment.timer?.cancel()
            environment.timer = nil
            environment.state = .betweenInvocations
            finishLocked(invocation, on: environment, error: error, extra: [])
            // Code replaced while it ran: this was its last invocation.
            if environment.code !== code { retireLocked(environment) }
        }
    }

    // MARK: - Reload (serve --watch)

    /// From now on environments start with `newCode`; idle ones on older code are ended now and
    /// busy ones after their invocation, so in-flight work finishes on the code it started with.
    func replaceCode(_ newCode: FunctionCode) {
        let unused: FunctionCode? = lock.withLock {
            if shuttingDown { return newCode }
            let old = code
            code = newCode
            for environment in environments.values where environment.code !== newCode {
                switch environment.state {
                case .waiting, .betweenInvocations: retireLocked(environment)
                case .initializing, .busy, .dead: break
                }
            }
            if environments.values.contains(where: { $0.code === old }) {
                staleCodes[ObjectIdentifier(old)] = old
                return nil
            }
            return old
        }
        unused?.release?()
    }

    /// Every code's folders the pool still holds (the current one and any whose environment was
    /// not reaped), for the end of `shutdown`.
    func releaseAllCode() {
        let codes: [FunctionCode] = lock.withLock {
            defer { staleCodes.removeAll() }
            return Array(staleCodes.values) + [code]
        }
        for code in codes { code.release?() }
    }

    /// Ends an environment that runs replaced code and has nothing to do.
    private func retireLocked(_ environment: ExecutionEnvironment) {
        environment.killedBecause = environment.killedBecause ?? "reload"
        environment.state = .dead
        environment.timer?.cancel()
        environment.timer = nil
        environment.process?.kill()
    }

    /// Forgets an ended environment; returns its code when that was replaced and this was the
    /// last environment running it (the caller releases it outside the lock).
    private func removeLocked(_ environment: ExecutionEnvironment) -> FunctionCode? {
        environments[environment.id] = nil
        let used = environment.code
        guard used !== code, !environments.values.contains(where: { $0.code === used }),
              staleCodes.removeValue(forKey: ObjectIdentifier(used)) != nil else { return nil }
        return used
    }

    /// `POST /runtime/init/error`: remember it for the caller, then end the environment (the
    /// runtime is expected to exit; killing it makes that certain).
    func initFailed(_ environment: ExecutionEnvironment, error: FunctionError) {
        lock.withLock {
            guard case .initializing = environment.state else { return }
            environment.initError = error
            environment.killedBecause = "init error"
            environment.process?.kill()
        }
    }

    // MARK: - Lifecycle

    func shutdown() {
        let victims: [ExecutionEnvironment] = lock.withLock {
            shuttingDown = true
            let waiting = queue
            queue.removeAll()
            for invocation in waiting {
                invocation.finish(error: FunctionError(type: "Service.Unavailable", message: "lambdactl serve is shutting down"), log: [])
            }
            return Array(environments.values)
        }
        for environment in victims {
            let (process, server) = lock.withLock {
                environment.killedBecause = environment.killedBecause ?? "shutdown"
                return (environment.process, environment.server)
            }
            process?.kill()
            _ = server?.close(mode: .all)
        }
    }

    /// Waits (up to `seconds`) until every process has been reaped.
    func waitForExit(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while environmentCount > 0 && Date() < deadline { usleep(10_000) }
    }

    // MARK: - Internals (lock held)

    private func start(_ invocation: Invocation, on environment: ExecutionEnvironment, deliver: (Invocation, Int64) -> Void) {
        environment.state = .busy(invocation)
        environment.invocationStartedAt = .now()
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + Int64(configuration.timeout * 1000)
        let startLine = "START RequestId: \(invocation.requestID) Version: $LATEST"
        log.write(startLine)
        invocation.appendLog(startLine)
        let timeout = configuration.timeout
        environment.timer = loop.scheduleTask(in: .nanoseconds(Int64(timeout * 1e9))) { [weak self, weak environment] in
            guard let self, let environment else { return }
            self.timedOut(invocation, on: environment)
        }
        deliver(invocation, deadline)
    }

    private func timedOut(_ invocation: Invocation, on environment: ExecutionEnvironment) {
        lock.withLock {
            guard environment.current === invocation else { return }
            let seconds = String(format: "%.2f", configuration.timeout)
            let line = "\(isoTimestamp()) \(invocation.requestID) Task timed out after \(seconds) seconds"
            environment.killedBecause = "timeout"
            environment.lastMemoryMB = max(environment.lastMemoryMB, environment.process?.maxMemoryUsedMB() ?? 0)
            environment.process?.kill()
            environment.state = .dead
            let error = FunctionError(type: "Sandbox.Timedout", message: "RequestId: \(invocation.requestID) Error: Task timed out after \(seconds) seconds")
            log.write(line)
            finishLocked(invocation, on: environment, error: error, extra: [line])
        }
    }

    private func finishLocked(_ invocation: Invocation, on environment: ExecutionEnvironment, error: FunctionError?, extra: [String]) {
        let duration = Double((NIODeadline.now() - environment.invocationStartedAt).nanoseconds) / 1e6
        let memory = environment.isDead ? environment.lastMemoryMB : max(environment.lastMemoryMB, environment.process?.maxMemoryUsedMB() ?? 0)
        environment.lastMemoryMB = memory
        var report = "REPORT RequestId: \(invocation.requestID)\tDuration: \(formatMilliseconds(duration)) ms\tBilled Duration: \(Int(duration.rounded(.up))) ms\tMemory Size: \(configuration.memorySize) MB\tMax Memory Used: \(memory) MB"
        if let initDuration = environment.pendingInitDuration {
            report += "\tInit Duration: \(formatMilliseconds(initDuration)) ms"
            environment.pendingInitDuration = nil
        }
        if let emulation = configuration.emulation {
            // Not one of Lambda's fields: a reminder that these durations were measured under QEMU.
            report += "\tEmulated: \(emulation.guest) on \(emulation.host)"
        }
        if let error, extra.isEmpty {
            let line = "\(isoTimestamp()) \(invocation.requestID) \(error.type): \(error.message)"
            log.write(line)
            invocation.appendLog(line)
        }
        for line in extra { invocation.appendLog(line) }
        let end = "END RequestId: \(invocation.requestID)"
        log.write(end)
        log.write(report)
        invocation.finish(error: error, log: [end, report])
    }

    private func spawnLocked(for invocation: Invocation) {
        let environment = ExecutionEnvironment(id: nextID, code: code)
        nextID += 1
        environment.assigned = invocation
        environments[environment.id] = environment
        let bootstrap = ServerBootstrap(group: loop)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [weak self] channel in
                guard let self else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RuntimeAPIHandler(pool: self, environment: environment))
                }
            }
        bootstrap.bind(host: "127.0.0.1", port: 0).whenComplete { [self] result in
            switch result {
            case .success(let channel):
                self.launch(environment, server: channel)
            case .failure(let error):
                let unused = self.lock.withLock {
                    environment.state = .dead
                    invocation.finish(error: FunctionError(type: "Runtime.Unknown", message: "cannot open a Runtime API port: \(error)"), log: [])
                    return self.removeLocked(environment)
                }
                unused?.release?()
            }
        }
    }

    /// Runs on `loop` (a long-lived thread, see `loop`).
    private func launch(_ environment: ExecutionEnvironment, server: Channel) {
        let port = server.localAddress?.port ?? 0
        var config = configuration
        config.taskRoot = environment.code.taskRoot
        config.optRoot = environment.code.optRoot
        let env = config.processEnvironment(runtimeAPI: "127.0.0.1:\(port)", instance: environment.id)
        let arguments = processArguments(config, bootstrapInside: environment.code.bootstrapInside)
        lock.withLock {
            environment.server = server
            environment.spawnedAt = .now()
            if shuttingDown { environment.state = .dead }
        }
        if lock.withLock({ environment.isDead }) {
            _ = server.close()
            lock.withLock { removeLocked(environment) }?.release?()
            return
        }
        do {
            let process = try FunctionProcess(
                arguments: arguments, environment: env, directory: config.taskRoot,
                onLine: { [weak self] line, _ in self?.output(line, from: environment) },
                onExit: { [weak self] exit, peakKB in self?.exited(environment, exit: exit, peakKB: peakKB) })
            lock.withLock {
                environment.process = process
                let initLimit = max(config.initTimeout, 0.1)
                environment.timer = loop.scheduleTask(in: .nanoseconds(Int64(initLimit * 1e9))) { [weak self] in
                    self?.initTimedOut(environment)
                }
            }
        } catch {
            _ = server.close()
            let unused = lock.withLock {
                environment.state = .dead
                if let assigned = environment.assigned {
                    environment.assigned = nil
                    assigned.finish(error: FunctionError(type: "Runtime.InvalidEntrypoint", message: "\(error)"), log: [])
                }
                log.write("lambdactl: \(error)")
                let unused = removeLocked(environment)
                respawnForQueueLocked()
                return unused
            }
            unused?.release?()
        }
    }

    private func initTimedOut(_ environment: ExecutionEnvironment) {
        lock.withLock {
            guard case .initializing = environment.state else { return }
            let seconds = String(format: "%.2f", configuration.initTimeout)
            environment.initError = FunctionError(type: "Sandbox.Timedout", message: "INIT timed out after \(seconds) seconds: the runtime never called /runtime/invocation/next")
            environment.killedBecause = "init timeout"
            environment.process?.kill()
        }
    }

    private func output(_ line: String, from environment: ExecutionEnvironment) {
        // Function output is prefixed with its environment's number so it stands apart from the
        // platform's START/END/REPORT lines (and from other environments' output).
        log.write("[\(environment.id)] \(line)")
        lock.withLock {
            if let invocation = environment.current ?? environment.assigned { invocation.appendLog(line) }
        }
    }

    private func exited(_ environment: ExecutionEnvironment, exit: FunctionProcess.Exit, peakKB: Int) {
        let (server, unused): (Channel?, FunctionCode?) = lock.withLock {
            let (peakMB, _) = peakKB.addingReportingOverflow(1023)
            environment.lastMemoryMB = max(environment.lastMemoryMB, peakMB / 1024)
            environment.timer?.cancel()
            environment.timer = nil
            let reason = environment.killedBecause
            let wasInitializing: Bool
            if case .initializing = environment.state { wasInitializing = true } else { wasInitializing = false }
            let victim = environment.current ?? environment.assigned
            environment.assigned = nil
            environment.state = .dead
            let unused = removeLocked(environment)
            if let victim {
                let error: FunctionError
                if let initError = environment.initError {
                    error = initError
                } else {
                    error = FunctionError(type: "Runtime.ExitError", message: "RequestId: \(victim.requestID) Error: Runtime exited with error: \(exit.lambdaDescription)")
                }
                if wasInitializing {
                    let initLine = "INIT_REPORT Init Duration: \(formatMilliseconds(Double((NIODeadline.now() - environment.spawnedAt).nanoseconds) / 1e6)) ms\tPhase: init\tStatus: error\tError Type: \(error.type)"
                    log.write(initLine)
                    victim.appendLog(initLine)
                    environment.invocationStartedAt = environment.spawnedAt
                    let start = "START RequestId: \(victim.requestID) Version: $LATEST"
                    log.write(start)
                    victim.appendLog(start)
                }
                finishLocked(victim, on: environment, error: error, extra: [])
            } else if reason == nil && !shuttingDown {
                log.write("lambdactl: execution environment \(environment.id) exited between invocations (\(exit.lambdaDescription)); the next request starts a new one")
            }
            respawnForQueueLocked()
            return (environment.server, unused)
        }
        _ = server?.close(mode: .all)
        unused?.release?()
    }

    /// After an environment ended, queued requests may need a fresh one.
    private func respawnForQueueLocked() {
        while !shuttingDown, !queue.isEmpty, environments.count < configuration.concurrency {
            spawnLocked(for: queue.removeFirst())
        }
    }

    /// A process group is not a container: `setsid` leaves it, and a daemon started that way kept
    /// serve's port and outlived serve. In a PID namespace whose init is the function, the kernel
    /// kills every process in it when the function ends, however it detached; `--kill-child` ends
    /// the function when `unshare` is killed (timeout, shutdown) and `--pdeathsig` when serve dies.
    private func processArguments(_ config: FunctionConfiguration, bootstrapInside: String) -> [String] {
        var prefix: [String] = []
        if let setpriv = executableOnPath("setpriv") { prefix = [setpriv, "--pdeathsig", "KILL", "--"] }
        let pidNamespace = ["--pid", "--fork", "--kill-child"]
        switch config.isolation {
        case .mountNamespace:
            let script = """
                mkdir -p /var/task && mount --bind "$1" /var/task && mount --bind "$2" /opt \
                || { echo "lambdactl: cannot bind /var/task and /opt in a private mount namespace; retry with --isolation none" >&2; exit 126; }
                mount -o remount,bind,ro /var/task 2>/dev/null; mount -o remount,bind,ro /opt 2>/dev/null
                cd /var/task && exec "$3"
                """
            return prefix + [executableOnPath("unshare") ?? "/usr/bin/unshare", "--mount", "--propagation", "private"] + pidNamespace + ["--",
                             "/bin/sh", "-c", script, "lambdactl-sandbox", config.taskRoot, config.optRoot, bootstrapInside]
        case .bubblewrap:
            return prefix + [executableOnPath("bwrap") ?? "/usr/bin/bwrap", "--dev-bind", "/", "/",
                             "--ro-bind", config.taskRoot, "/var/task", "--ro-bind", config.optRoot, "/opt",
                             "--chdir", "/var/task", "--die-with-parent", "--unshare-pid", "--", bootstrapInside]
        case .none:
            // Without root, no PID namespace: the process group is all there is (documented).
            if getuid() == 0, let unshare = executableOnPath("unshare") {
                return prefix + [unshare] + pidNamespace + ["--", bootstrapInside]
            }
            return prefix + [bootstrapInside]
        }
    }
}
