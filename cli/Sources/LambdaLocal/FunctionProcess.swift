import Foundation

/// One running `bootstrap`, in its own process group so that a timeout or shutdown can kill it and
/// everything it started (a shell's children, a Python interpreter) with one signal. It starts with
/// only fds 0-2: anything else it inherited from serve (the fronts' listen socket, client
/// connections) would outlive serve in the function's descendants and keep ports and streams open.
final class FunctionProcess: @unchecked Sendable {
    let pid: pid_t
    private let outputThreads: [Thread]

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
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw LocalError.spawnFailed(command: arguments[0], errno: errno)
        }
        // Close-on-exec so that no other child (a concurrent spawn) inherits these pipes and keeps
        // them open past this process's death.
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // posix_spawn has no portable chdir: a shell changes folder, then execs (same pid).
        let arguments = ["/bin/sh", "-c", "cd \"$1\" || exit 126; shift; exec \"$@\"", "lambdactl-cd", directory] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // NIO opens its sockets without SOCK_CLOEXEC, so marking fds is not enough: close every fd
        // above 2 in the child, whoever opened it and whatever thread raced this spawn.
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, 3)
        } else {
            Self.markAllCloseOnExec()
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t(), noSignals = sigset_t()
        sigfillset(&defaultSignals)
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        close(outPipe[1]); close(errPipe[1])
        guard result == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw LocalError.spawnFailed(command: arguments[0], errno: result)
        }
        pid = child
        let childPID = child

        let finished = DispatchGroup()
        var threads: [Thread] = []
        for (fd, isError) in [(outPipe[0], false), (errPipe[0], true)] {
            finished.enter()
            let thread = Thread {
                FunctionProcess.readLines(fd: fd) { onLine($0, isError) }
                close(fd)
                finished.leave()
            }
            thread.name = "lambdactl-output-\(childPID)"
            thread.start()
            threads.append(thread)
        }
        outputThreads = threads
        let reaper = Thread {
            var status: Int32 = 0
            var usage = rusage()
            // wait4's usage covers the process and every descendant it reaped: the only record of
            // a crashed function's peak memory once /proc no longer has it.
            while wait4(childPID, &status, 0, &usage) < 0 && errno == EINTR {}
            // The group may hold other processes (a shell's background jobs): end them with the
            // leader so nothing outlives its execution environment.
            _ = Glibc.kill(-childPID, SIGKILL)
            finished.wait()
            let low = status & 0x7F
            onExit(low == 0 ? .status((status >> 8) & 0xFF) : .signal(low), max(0, usage.ru_maxrss))
        }
        reaper.name = "lambdactl-reaper-\(childPID)"
        reaper.start()
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34+'s `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not
    /// export; looked up at run time so that an older libc falls back instead of failing to link.
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Fallback without closefrom: mark every open fd above 2 close-on-exec (an fd opened by
    /// another thread between this and the spawn can still leak).
    private static func markAllCloseOnExec() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for entry in entries {
            if let fd = Int32(entry), fd > 2 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
    }

    /// Kills the whole process group at once (SIGKILL: a timed-out function gets no grace, as on Lambda).
    func kill() {
        _ = Glibc.kill(-pid, SIGKILL) as Int32
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
