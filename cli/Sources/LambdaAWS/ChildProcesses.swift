import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `aws` processes running right now, so that a SIGINT or SIGTERM to lambdactl (Ctrl-C on
/// `tail --follow`, a test killing it) ends them too instead of leaving an orphan polling AWS.
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

    static func add(_ process: Process) {
        lock.lock(); defer { lock.unlock() }
        for slot in 0..<capacity where table[slot] == 0 {
            table[slot] = process.processIdentifier
            return
        }
    }

    static func remove(_ process: Process) {
        lock.lock(); defer { lock.unlock() }
        for slot in 0..<capacity where table[slot] == process.processIdentifier { table[slot] = 0 }
    }

    /// Sends SIGTERM to every running child.
    public static func terminateAll() {
        for slot in 0..<capacity where table[slot] > 0 { kill(table[slot], SIGTERM) }
    }

    /// On SIGINT/SIGTERM: end the children, then exit with 128+signal as a shell would.
    public static func forwardTerminationSignals() {
        _ = table
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                for slot in 0..<ChildProcesses.capacity where ChildProcesses.table[slot] > 0 {
                    kill(ChildProcesses.table[slot], SIGTERM)
                }
                _exit(128 + received)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }
}
