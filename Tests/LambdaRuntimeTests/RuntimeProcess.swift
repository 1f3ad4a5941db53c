import Foundation
import LambdaTestSupport

/// The test function (`LambdaRuntimeTestFunction`) running as a child process against a
/// `FakeRuntimeAPI`. Unlike `run(...)` it does not wait: the runtime loops until killed or until it
/// exits on its own, which some tests expect.
final class RuntimeProcess: @unchecked Sendable {
    private let process = Process()
    private let errPipe = Pipe()
    private let lock = NSLock()
    private var errData = Data()
    private var errClosed = false

    static var executable: String {
        Paths.productsDirectory.appendingPathComponent("LambdaRuntimeTestFunction").path
    }

    init(executable: String = RuntimeProcess.executable, runtimeAPI: String, handler: String,
         environment extra: [String: String] = [:]) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI
        environment["TEST_HANDLER"] = handler
        environment["AWS_LAMBDA_FUNCTION_NAME"] = "test-function"
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256"
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/test-function"
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = "2026/01/01/[$LATEST]abc"
        for key in ["AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL", "AWS_LAMBDA_MAX_CONCURRENCY", "_X_AMZN_TRACE_ID"] {
            environment.removeValue(forKey: key)
        }
        environment.merge(extra) { _, new in new }
        process.executableURL = URL(fileURLWithPath: executable)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errPipe
        errPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            if data.isEmpty { self.errClosed = true; handle.readabilityHandler = nil }
            self.errData.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: errData, as: UTF8.self)
    }

    var isRunning: Bool { process.isRunning }

    var pid: Int32 { process.processIdentifier }

    /// `VmRSS` of the process in KiB, from /proc/PID/status (nil once it is gone).
    var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    /// Waits up to `timeout` seconds for the process to exit on its own; returns its status or nil.
    func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(10_000)
        }
        process.waitUntilExit()
        // Let the stderr handler drain the last bytes (it sees end-of-file once the child is gone).
        let drainDeadline = Date().addingTimeInterval(3)
        while Date() < drainDeadline {
            lock.lock()
            let closed = errClosed
            lock.unlock()
            if closed { break }
            usleep(5_000)
        }
        return process.terminationStatus
    }

    /// Waits until stderr satisfies `predicate` (up to `timeout` seconds).
    func waitForStderr(timeout: TimeInterval = 20, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(stderr) { return true }
            usleep(10_000)
        }
        return predicate(stderr)
    }

    /// Kills the process (if still running) and reaps it.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        errPipe.fileHandleForReading.readabilityHandler = nil
    }
}
