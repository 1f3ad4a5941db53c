import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The children running right now (every `ChildProcess.run`), so that a SIGINT or SIGTERM to
/// lambdactl (Ctrl-C on `tail --follow`, a test killing it) ends them too instead of leaving an
/// orphan polling AWS or building. A child in its own process group is recorded as the negative
/// group id, so `kill` ends the whole group.
///
/// A plain `sigaction` handler does it: libdispatch signal sources on Linux need the signal blocked
/// in every thread, which cannot be arranged once threads exist. The handler only reads a fixed
/// table of process ids and calls `kill` and `_exit`, which are async-signal-safe.
public enum ChildProcesses {
    static let capacity = 64
    nonisolated(unsafe) static let table: UnsafeMutablePointer<pid_t> = {
        let pointer = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        return pointer
    }()
    private static let lock = NSLock()

    /// Records `target` (a pid, or minus a process group id); beyond `capacity` children at once
    /// the extra ones are not forwarded signals (lambdactl runs a handful at most).
    static func add(_ target: pid_t) {
        lock.lock(); defer { lock.unlock() }
        for slot in 0..<capacity where table[slot] == 0 {
            table[slot] = target
            return
        }
    }

    static func remove(_ target: pid_t) {
        lock.lock(); defer { lock.unlock() }
        for slot in 0..<capacity where table[slot] == target { table[slot] = 0 }
    }

    /// The children recorded right now (pids, or minus group ids), for tests.
    public static var running: [pid_t] {
        lock.lock(); defer { lock.unlock() }
        return (0..<capacity).map { table[$0] }.filter { $0 != 0 }
    }

    /// Sends SIGTERM to every running child.
    public static func terminateAll() {
        for slot in 0..<capacity where table[slot] != 0 { kill(table[slot], SIGTERM) }
    }

    /// What a SIGINT/SIGTERM does once `forwardTerminationSignals` is installed.
    public enum SignalMode: Sendable {
        /// End the children, then exit with 128+signal as a shell would.
        case exit
        /// End the children and record the signal (`interruption`), waking `pause`, so the command
        /// can finish its output (`tail --follow --stats` prints its totals); a second signal exits.
        case stop
        /// End the children and record the first signal, waking `waitForSignal`, so that a server
        /// (`serve`) shuts down in its own order; later signals change nothing, because cutting a
        /// shutdown short would leave the processes it was ending behind.
        case shutdown
    }

    /// The signal received in `.stop` mode, 0 while none was.
    nonisolated(unsafe) static let received: UnsafeMutablePointer<sig_atomic_t> = {
        let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()
    /// Posted by the handler (sem_post is async-signal-safe) to end a `pause` at once.
    nonisolated(unsafe) static let wakeUp: UnsafeMutablePointer<sem_t> = {
        let pointer = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        sem_init(pointer, 0, 0)
        return pointer
    }()

    /// The signal that asked a `.stop` command to finish, if one came.
    public static var interruption: Int32? {
        let value = received.pointee
        return value == 0 ? nil : Int32(value)
    }

    /// Waits `seconds`, or less when a signal comes; `false` when interrupted. The wait happens on
    /// a thread of its own (a semaphore the signal handler posts), not on one of the concurrency
    /// pool's few threads.
    public static func pause(seconds: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            let waiter = Thread { continuation.resume(returning: blockingPause(seconds: seconds)) }
            waiter.name = "lambdactl-pause"
            waiter.start()
        }
    }

    private static func blockingPause(seconds: Double) -> Bool {
        guard interruption == nil else { return false }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let total = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + seconds
        var deadline = timespec(tv_sec: Int(total), tv_nsec: Int((total - total.rounded(.down)) * 1e9))
        while sem_timedwait(wakeUp, &deadline) != 0 {
            if errno != EINTR { break }
        }
        return interruption == nil
    }

    /// Blocks until a SIGINT or SIGTERM has come (after `forwardTerminationSignals(.shutdown)` or
    /// `.stop`) and returns its number; at once when one came already.
    public static func waitForSignal() -> Int32 {
        while true {
            if let signal = interruption { return signal }
            while sem_wait(wakeUp) != 0 && errno == EINTR {}
        }
    }

    /// `waitForSignal` for async code: the wait happens on a thread of its own, not on one of the
    /// concurrency pool's few threads (which a rebuild or a request may need meanwhile).
    public static func signalled() async -> Int32 {
        await withCheckedContinuation { continuation in
            let waiter = Thread { continuation.resume(returning: waitForSignal()) }
            waiter.name = "lambdactl-signal"
            waiter.start()
        }
    }

    /// On SIGINT/SIGTERM: end the children, then exit or record the signal (`mode`).
    ///
    /// The handler is in place when this returns, so a signal that comes a moment later is never
    /// lost. (A libdispatch signal source is not: it starts listening some time after `resume`,
    /// and with the signal ignored until then, `serve` could miss a SIGTERM sent as soon as it
    /// printed "listening on" and never stop.)
    public static func forwardTerminationSignals(_ mode: SignalMode = .exit) {
        _ = table
        _ = received
        _ = wakeUp
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            switch mode {
            case .exit:
                action.__sigaction_handler.sa_handler = { received in
                    for slot in 0..<ChildProcesses.capacity where ChildProcesses.table[slot] != 0 {
                        kill(ChildProcesses.table[slot], SIGTERM)
                    }
                    _exit(128 + received)
                }
            case .shutdown:
                action.__sigaction_handler.sa_handler = { signal in
                    ChildProcesses.terminateAll()
                    guard ChildProcesses.received.pointee == 0 else { return }
                    ChildProcesses.received.pointee = sig_atomic_t(signal)
                    sem_post(ChildProcesses.wakeUp)
                }
            case .stop:
                action.__sigaction_handler.sa_handler = { signal in
                    for slot in 0..<ChildProcesses.capacity where ChildProcesses.table[slot] != 0 {
                        kill(ChildProcesses.table[slot], SIGTERM)
                    }
                    if ChildProcesses.received.pointee != 0 { _exit(128 + signal) }
                    ChildProcesses.received.pointee = sig_atomic_t(signal)
                    sem_post(ChildProcesses.wakeUp)
                }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }
}
