import Foundation
import LambdaTestSupport

/// The test function (`LambdaRuntimeTestFunction`) running as a child process against a
/// `FakeRuntimeAPI`. Unlike `run(...)` it does not wait: the runtime loops until killed or until it
/// exits on its own, which some tests expect.
final class RuntimeProcess: Sendable {
    private let process: BackgroundProcess

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
        process = try BackgroundProcess(executable, [], environment: environment, inheritEnvironment: false,
                                        standardOutput: .discarded, standardError: .collected)
    }

    var stderr: String { process.text(of: .standardError) }

    var isRunning: Bool { process.isRunning }

    var pid: Int32 { process.pid }

    /// `VmRSS` of the process in KiB, from /proc/PID/status (nil once it is gone).
    var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    /// Waits up to `timeout` seconds for the process to exit on its own; returns its status (the
    /// signal's number when one killed it) or nil.
    func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        guard let ended = process.waitForExit(timeout: timeout) else { return nil }
        // The last bytes of stderr may still be on their way: wait for its end of file.
        process.waitFor(.standardError, timeout: 3) { _ in false }
        return ended.status
    }

    /// Waits until stderr satisfies `predicate` (up to `timeout` seconds); each chunk the runtime
    /// writes wakes the wait.
    func waitForStderr(timeout: TimeInterval = 20, _ predicate: (String) -> Bool) -> Bool {
        process.waitFor(.standardError, timeout: timeout, predicate)
    }

    /// Kills the process (if still running) and reaps it.
    func stop() {
        process.stop()
    }
}
