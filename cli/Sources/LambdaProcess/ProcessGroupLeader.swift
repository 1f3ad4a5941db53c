import Foundation

/// A child that leads its own process group, started with `posix_spawn` directly: the one piece
/// of child-process code not built on swift-subprocess, kept here beside it.
///
/// `serve`'s functions need it: swift-subprocess ties a child's life to one `run` call and reaps
/// it itself, discarding the `rusage` that `wait4` returns, and that rusage (which covers every
/// descendant the function reaped) is the only record of a crashed function's peak memory, the
/// REPORT line's `Max Memory Used`. A function also lives across many invocations, each its own
/// task. What it shares with `ChildProcess`: an empty signal mask and default dispositions, only
/// fds 0-2 (swift-subprocess does the same), /dev/null as standard input.
public struct ProcessGroupLeader: Sendable {
    public let pid: pid_t
    /// Read ends of the child's standard output and standard error; the caller reads and closes them.
    public let standardOutput: Int32
    public let standardError: Int32

    /// Starts `arguments[0]` (a path) in `directory`, in a new process group it leads.
    public static func spawn(arguments: [String], environment: [String: String],
                             directory: String) throws(SpawnError) -> ProcessGroupLeader {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0 else { throw SpawnError(command: "pipe", errno: errno) }
        guard pipe(&errPipe) == 0 else {
            let code = errno
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError(command: "pipe", errno: code)
        }
        // Close-on-exec so that no other child (a concurrent spawn) inherits these pipes and keeps
        // them open past this process's death.
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // posix_spawn has no portable chdir: a shell changes folder, then execs (same pid). The
        // shell also turns a bootstrap that cannot be executed into exit status 126/127, as
        // Lambda's own init reports it, instead of a spawn error.
        let program = arguments.first ?? ""
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
            throw SpawnError(command: program, errno: result)
        }
        return ProcessGroupLeader(pid: child, standardOutput: outPipe[0], standardError: errPipe[0])
    }

    /// Blocks until the leader exits, then SIGKILLs what is left of its group (a shell's background
    /// jobs), so nothing outlives it. Returns how it ended and the peak resident memory in KB of
    /// it and every descendant it reaped. Call it once, from a thread of its own.
    public func waitForExit() -> (exit: ChildExit, peakMemoryKB: Int) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        _ = Foundation.kill(-pid, SIGKILL)
        let low = status & 0x7F
        return (low == 0 ? .exited((status >> 8) & 0xFF) : .signalled(low), max(0, usage.ru_maxrss))
    }

    /// Sends `signal` to the whole group.
    public func signalGroup(_ signal: Int32) {
        _ = Foundation.kill(-pid, signal)
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

    /// A spawn the system refused: the program and the `errno` it gave.
    public struct SpawnError: Error, Equatable, Sendable, CustomStringConvertible {
        public var command: String
        public var errno: Int32

        public var description: String {
            "cannot start '\(command)': \(String(cString: strerror(errno))) (errno \(errno))."
        }
    }
}
