import Foundation
import LambdaProcess

/// One running `bootstrap`, in its own process group so that a timeout or shutdown can kill it and
/// everything it started (a shell's children, a Python interpreter) with one signal. It starts with
/// only fds 0-2: anything else it inherited from serve (the fronts' listen socket, client
/// connections) would outlive serve in the function's descendants and keep ports and streams open.
///
/// The spawn itself is `ProcessGroupLeader`'s (LambdaProcess); this type adds the output threads,
/// the reaper and the memory figures serve reports. Every stored property is a `let` of a
/// Sendable type, so it is Sendable without an unchecked promise.
final class FunctionProcess: Sendable {
    private let leader: ProcessGroupLeader
    var pid: pid_t { leader.pid }

    /// How the process ended, in the words Lambda uses (`exit status 1`, `signal: segmentation fault`).
    enum Exit: Sendable, Equatable {
        case status(Int32)
        case signal(Int32)

        var lambdaDescription: String {
            switch self {
            case .status(let code): return "exit status \(code)"
            case .signal(let number): return "signal: \(signalName(number))"
            }
        }
    }

    /// Starts `arguments[0]` with `environment`; `onLine` gets each output line (stderr = true for fd 2),
    /// `onExit` runs once, after both output streams reached their end and the process was reaped.
    init(arguments: [String], environment: [String: String], directory: String,
         onLine: @escaping @Sendable (String, Bool) -> Void,
         onExit: @escaping @Sendable (Exit, _ peakMemoryKB: Int) -> Void) throws {
        let leader: ProcessGroupLeader
        do {
            leader = try ProcessGroupLeader.spawn(arguments: arguments, environment: environment, directory: directory)
        } catch {
            throw LocalError.spawnFailed(command: error.command, errno: error.errno)
        }
        self.leader = leader
        let finished = DispatchGroup()
        for (fd, isError) in [(leader.standardOutput, false), (leader.standardError, true)] {
            finished.enter()
            let thread = Thread {
                FunctionProcess.readLines(fd: fd) { onLine($0, isError) }
                close(fd)
                finished.leave()
            }
            thread.name = "lambdactl-output-\(leader.pid)"
            thread.start()
        }
        let reaper = Thread {
            // wait4's usage covers the process and every descendant it reaped: the only record of
            // a crashed function's peak memory once /proc no longer has it.
            let (exit, peakKB) = leader.waitForExit()
            finished.wait()
            switch exit {
            case .exited(let code): onExit(.status(code), peakKB)
            case .signalled(let signal): onExit(.signal(signal), peakKB)
            }
        }
        reaper.name = "lambdactl-reaper-\(leader.pid)"
        reaper.start()
    }

    /// Kills the whole process group at once (SIGKILL: a timed-out function gets no grace, as on Lambda).
    func kill() {
        leader.signalGroup(SIGKILL)
    }

    /// Peak resident memory of the process and its descendants in MB (sum of each one's VmHWM).
    /// Walks `/proc/PID/task/*/children` rather than all of /proc: it runs after every invocation.
    func maxMemoryUsedMB() -> Int {
        var totalKB = 0
        var pending: [String] = [String(pid)]
        var seen = Set<String>()
        while let current = pending.popLast(), seen.count < 256 {
            guard seen.insert(current).inserted, let status = ProcFile.read("/proc/\(current)/status") else { continue }
            for line in status.split(separator: 0x0A) where line.starts(with: "VmHWM:".utf8) {
                let fields = line.split(separator: 0x20).dropFirst()
                totalKB += fields.first.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
            }
            for task in ProcFile.entries(of: "/proc/\(current)/task") {
                let children = ProcFile.read("/proc/\(current)/task/\(task)/children") ?? []
                pending += children.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        return (totalKB + 1023) / 1024
    }

    static func readLines(fd: Int32, _ emit: (String) -> Void) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: 10) {
                emit(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { emit(String(decoding: pending, as: UTF8.self)) }
    }
}

/// Go's names for signals, which Lambda's `Runtime exited with error: signal: ...` messages use.
func signalName(_ number: Int32) -> String {
    switch number {
    case SIGSEGV: return "segmentation fault"
    case SIGKILL: return "killed"
    case SIGABRT: return "aborted"
    case SIGTERM: return "terminated"
    case SIGBUS: return "bus error"
    case SIGFPE: return "floating point exception"
    case SIGILL: return "illegal instruction"
    case SIGINT: return "interrupt"
    case SIGPIPE: return "broken pipe"
    default: return "signal \(number)"
    }
}
