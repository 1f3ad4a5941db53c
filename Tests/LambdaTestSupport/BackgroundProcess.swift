import Foundation

/// A child process that keeps running while a test talks to it (a server, `serve`, `tail --follow`,
/// a `package` to interrupt): the one way the tests start a child they do not simply run to its end
/// (that is `run`/`runProcess`).
///
/// Its output is collected as it arrives, and every wait is on an event: a line or a condition on
/// the output (woken by each chunk), or the child's exit (woken by its termination handler), each
/// with a deadline so that a broken child fails the test instead of hanging it. No polling, no
/// sleeps.
///
/// Built on Foundation's `Process`, not on lambdactl's `LambdaProcess`: the runtime package compiles
/// this support code too, and it depends on no package (CONTRIBUTING.md).
///
/// `@unchecked Sendable` because the guard is a condition variable, which `Mutex` has not: every
/// `var` below is touched only with `condition` locked.
public final class BackgroundProcess: @unchecked Sendable {
    /// Where one of the child's output streams goes.
    public enum Output: Sendable {
        /// Collected, for `text(of:)`, `waitForLine` and `waitFor`.
        case collected
        /// Appended to a file (a server's log, read when it fails).
        case file(String)
        /// Shared with the test process (seen in the test log).
        case inherited
        case discarded
    }

    /// One of the child's output streams.
    public enum Stream: Sendable { case standardOutput, standardError }

    /// How the child ended.
    public struct Termination: Equatable, Sendable, CustomStringConvertible {
        /// The exit status, or the signal's number when `signalled`.
        public var status: Int32
        public var signalled: Bool
        public init(status: Int32, signalled: Bool) {
            self.status = status
            self.signalled = signalled
        }

        /// Exit status 0.
        public static let success = Termination(status: 0, signalled: false)
        public var description: String { signalled ? "killed by signal \(status)" : "exit \(status)" }
    }

    private let process = Process()
    private let condition = NSCondition()
    private var collected: [Stream: Data] = [:]
    /// When each chunk arrived and where it ends in `collected` (the bytes are not kept twice).
    private var chunkEnds: [Stream: [(date: Date, end: Int)]] = [:]
    private var closed: Set<Stream> = []
    private var exited = false
    private var lineCursor = 0

    /// Starts `executable` (looked up on `PATH` when it has no slash) in `currentDirectory`, with
    /// standard input from /dev/null. `environment` is added to this process's, or with
    /// `inheritEnvironment: false` is the child's whole environment.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                inheritEnvironment: Bool = true, currentDirectory: String? = nil,
                standardOutput: Output = .collected, standardError: Output = .inherited) throws {
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : "/usr/bin/env")
        process.arguments = executable.contains("/") ? arguments : [executable] + arguments
        if !inheritEnvironment {
            process.environment = environment ?? [:]
        } else if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try attach(.standardOutput, standardOutput)
        process.standardError = try attach(.standardError, standardError)
        // Weak: the handlers live as long as the Process, which this object owns.
        process.terminationHandler = { [weak self, condition] _ in
            condition.lock()
            self?.exited = true
            condition.broadcast()
            condition.unlock()
        }
        try process.run()
    }

    private func attach(_ stream: Stream, _ output: Output) throws -> Any {
        switch output {
        case .inherited:
            return stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        case .discarded:
            return FileHandle.nullDevice
        case .file(let path):
            // O_APPEND: both streams may go to one log, and each write must land at its end
            // rather than over what the other stream wrote at the same offset.
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FixtureError(message: "cannot write the log \(path): \(String(cString: strerror(errno)))") }
            return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        case .collected:
            let pipe = Pipe()
            collected[stream] = Data()
            // A thread per stream, blocking in read until end of file, rather than a
            // readabilityHandler: libdispatch crashed now and then (in _dispatch_event_loop_drain)
            // when a handler's source was cancelled and the pipe closed as the object went away.
            // The thread holds the read end, so it cannot be closed under it.
            let reader = pipe.fileHandleForReading
            let thread = Thread { [weak self, condition] in
                while true {
                    let chunk = reader.availableData
                    condition.lock()
                    if chunk.isEmpty {
                        self?.closed.insert(stream)
                    } else {
                        self?.collected[stream, default: Data()].append(chunk)
                        self?.chunkEnds[stream, default: []].append((Date(), self?.collected[stream]?.count ?? 0))
                    }
                    condition.broadcast()
                    condition.unlock()
                    if chunk.isEmpty { return }
                }
            }
            thread.name = "BackgroundProcess-\(stream)"
            thread.start()
            return pipe
        }
    }

    public var pid: Int32 { process.processIdentifier }

    public var isRunning: Bool {
        condition.lock(); defer { condition.unlock() }
        return !exited
    }

    /// What the child wrote to `stream` so far (empty unless it is `.collected`).
    public func text(of stream: Stream = .standardOutput) -> String {
        condition.lock(); defer { condition.unlock() }
        return String(decoding: collected[stream] ?? Data(), as: UTF8.self)
    }

    /// Each chunk `stream` carried so far, stamped with the time it arrived: what the streaming
    /// tests judge (a body that streams arrives in several chunks, spread out).
    public func arrivals(of stream: Stream = .standardOutput) -> [(date: Date, bytes: Data)] {
        condition.lock(); defer { condition.unlock() }
        let bytes = collected[stream] ?? Data()
        var start = 0
        return (chunkEnds[stream] ?? []).map { chunk in
            defer { start = chunk.end }
            return (chunk.date, bytes.subdata(in: (bytes.startIndex + start)..<(bytes.startIndex + chunk.end)))
        }
    }

    /// Waits until `condition` holds for everything `stream` has carried so far, and returns
    /// whether it did: false when the stream closed (the child exited) or `timeout` seconds passed
    /// first. Each chunk the child writes wakes the wait.
    @discardableResult
    public func waitFor(_ stream: Stream = .standardOutput, timeout: Double = 20, _ check: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock(); defer { condition.unlock() }
        while true {
            if check(String(decoding: collected[stream] ?? Data(), as: UTF8.self)) { return true }
            if closed.contains(stream) || collected[stream] == nil { return false }
            if !condition.wait(until: deadline) {
                return check(String(decoding: collected[stream] ?? Data(), as: UTF8.self))
            }
        }
    }

    /// The next line of standard output that contains `marker` (lines before it are skipped, and a
    /// later call starts after it); throws when the child closes its output or `timeout` passes
    /// first.
    public func waitForLine(containing marker: String, timeout: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock(); defer { condition.unlock() }
        while true {
            let bytes = collected[.standardOutput] ?? Data()
            while let newline = bytes[(bytes.startIndex + lineCursor)...].firstIndex(of: 0x0A) {
                let line = String(decoding: bytes[(bytes.startIndex + lineCursor)..<newline], as: UTF8.self)
                lineCursor = newline - bytes.startIndex + 1
                if line.contains(marker) { return line }
            }
            if closed.contains(.standardOutput) || collected[.standardOutput] == nil {
                throw FixtureError(message: "the process closed its output before printing '\(marker)'")
            }
            if !condition.wait(until: deadline) {
                throw FixtureError(message: "no line with '\(marker)' within \(Int(timeout)) s")
            }
        }
    }

    /// Sends `number` to the child.
    public func signal(_ number: Int32) {
        if isRunning { kill(process.processIdentifier, number) }
    }

    /// Waits for the child to exit; nil when it is still running after `timeout` seconds.
    @discardableResult
    public func waitForExit(timeout: Double = 60) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        while !exited {
            if !condition.wait(until: deadline) { break }
        }
        let done = exited
        condition.unlock()
        guard done else { return nil }
        process.waitUntilExit()
        return Termination(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Ends the child: SIGTERM, then SIGKILL when it has not exited after `grace` seconds. Returns
    /// how it ended, so a test can assert a clean shutdown.
    @discardableResult
    public func stop(grace: Double = 10) -> Termination {
        signal(SIGTERM)
        if let ended = waitForExit(timeout: grace) { return ended }
        kill(process.processIdentifier, SIGKILL)
        return waitForExit(timeout: 60) ?? Termination(status: SIGKILL, signalled: true)
    }

    deinit {
        if isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
