import NIOCore

/// One instance of the function (Lambda's "execution environment"): a process, its private Runtime
/// API listener, and where it is in its life.
///
/// Unchecked Sendable: it has no lock of its own. Every `var` is read and written only with
/// `FunctionPool`'s lock held (see there why one lock guards both); handlers on other threads keep
/// a reference and read only `id`.
final class ExecutionEnvironment: @unchecked Sendable {
    enum State {
        /// Started; has not called `/next` yet.
        case initializing
        /// Blocked in `/next`; `deliver` answers it.
        case waiting(deliver: (Invocation, Int64) -> Void)
        case busy(Invocation)
        /// The response is complete; the runtime has not asked for the next event yet.
        case betweenInvocations
        /// Killed or exited; waiting for the reaper.
        case dead
    }

    let id: Int
    /// The code it runs; with `serve --watch` an older one than the pool's after a reload.
    let code: FunctionCode
    var state: State = .initializing
    var process: FunctionProcess?
    var server: Channel?
    /// The request whose arrival started this environment; it receives init failures.
    var assigned: Invocation?
    var initError: FunctionError?
    var spawnedAt = NIODeadline.now()
    /// Set at the first `/next`; reported once, on the cold start's REPORT line.
    var pendingInitDuration: Double?
    var invocationStartedAt = NIODeadline.now()
    var timer: Scheduled<Void>?
    /// Why the emulator killed it, if it did (a timeout is not a crash).
    var killedBecause: String?
    /// Last measured peak memory, for REPORT lines written after the process is gone.
    var lastMemoryMB = 0

    init(id: Int, code: FunctionCode) {
        self.id = id
        self.code = code
    }

    var current: Invocation? {
        if case .busy(let invocation) = state { return invocation }
        return nil
    }

    var isDead: Bool {
        if case .dead = state { return true }
        return false
    }
}

/// The folders an environment runs (`/var/task`, `/opt`), one per load of the function: the
/// first from the configuration, then one per `serve --watch` reload. An environment keeps the
/// code it started with, so an invocation never sees half of an edit.
final class FunctionCode: Sendable {
    let taskRoot: String
    let optRoot: String
    /// The bootstrap's path as the process sees it.
    let bootstrapInside: String
    /// Removes the folders once no environment runs them and newer code replaced them (nil: the
    /// caller owns them, as with the first load).
    let release: (@Sendable () -> Void)?

    init(taskRoot: String, optRoot: String, bootstrapInside: String, release: (@Sendable () -> Void)?) {
        self.taskRoot = taskRoot
        self.optRoot = optRoot
        self.bootstrapInside = bootstrapInside
        self.release = release
    }
}
