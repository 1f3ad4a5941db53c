import Foundation
import LambdaTestSupport
import XCTest

/// A `lambdactl serve` started for one test on a free port. It reads the server's output as it comes
/// so tests can wait for a log line (an event) instead of sleeping, and `stop()` checks that no
/// function process outlives the server.
final class ServeHarness: @unchecked Sendable {
    let process = Process()
    private(set) var port = 0
    /// Every function process gets this in its environment; `stop()` looks for survivors by it.
    let marker = "lambdactl-test-\(UUID().uuidString)"
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""

    /// `environment` is added to this process's; `directory` is where serve runs (a project folder).
    init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
         file: StaticString = #filePath, line: UInt = #line) throws {
        let outPipe = Pipe(), errPipe = Pipe()
        process.executableURL = URL(fileURLWithPath: Paths.lambdactl)
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = ["serve"] + arguments + ["--port", "0", "--env", "LAMBDACTL_TEST_MARKER=\(marker)"]
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        outPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock(); self.stdoutText += String(decoding: data, as: UTF8.self); self.lock.unlock()
        }
        errPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock(); self.stderrText += String(decoding: data, as: UTF8.self); self.lock.unlock()
        }
        try process.run()
        var found: Int?
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && process.isRunning {
            if let range = stdout.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                found = Int(stdout[range].split(separator: ":").last!)
                break
            }
            usleep(5_000)
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw HarnessError.notStarted("serve did not start:\n\(stdout)\n\(stderr)")
        }
        port = found
    }

    enum HarnessError: Error { case notStarted(String) }

    var stdout: String { lock.lock(); defer { lock.unlock() }; return stdoutText }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return stderrText }
    var base: String { "http://127.0.0.1:\(port)" }

    /// Waits until the server's stdout satisfies `condition` (e.g. a REPORT line appeared).
    @discardableResult
    func waitForOutput(timeout: Double = 20, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdout) { return true }
            usleep(10_000)
        }
        return condition(stdout)
    }

    func count(_ needle: String) -> Int { stdout.components(separatedBy: needle).count - 1 }

    /// PIDs of live processes carrying this server's marker.
    func survivors() -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                  let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ") else { return nil }
            return String(decoding: environ, as: UTF8.self).contains(marker) ? pid : nil
        }
    }

    /// SIGTERM, wait for exit, and assert that every function process is gone.
    func stop(file: StaticString = #filePath, line: UInt = #line) {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "serve should stop cleanly on SIGTERM:\n\(stderr)", file: file, line: line)
        var left = survivors()
        let reapDeadline = Date().addingTimeInterval(5)
        while !left.isEmpty && Date() < reapDeadline { usleep(20_000); left = survivors() }
        XCTAssertEqual(left, [], "function processes left behind", file: file, line: line)
        for pid in left { kill(pid, SIGKILL) }
    }
}

/// Fixtures and real clients shared by the tests.
enum Fixture {
    static var streamRuntime: String {
        Paths.cliRoot.appendingPathComponent("Tests/LambdaLocalTests/Fixtures/stream-runtime").path
    }

    /// The python3 the deps script installed boto3/awslambdaric into, as an absolute path (the
    /// function's PATH is Lambda's, which does not include pyenv shims).
    static let python: String = {
        let result = try? run("python3", ["-c", "import sys; print(sys.executable)"])
        return result?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "/usr/bin/python3"
    }()

    static var aws: String {
        ProcessInfo.processInfo.environment["LAMBDACTL_AWS"] ?? "/opt/lambdactl-deps/awscli/v2/2.38.5/dist/aws"
    }

    static let awsEnvironment = [
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true",
    ]

    static func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}

/// A client process whose stdout is read as it arrives, each piece stamped with its arrival time.
final class TimedOutput: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var pieces: [(Date, Data)] = []
    private var errData = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let outPipe = Pipe(), errPipe = Pipe()
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : "/usr/bin/env")
        process.arguments = executable.contains("/") ? arguments : [executable] + arguments
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        let out = outPipe.fileHandleForReading, err = errPipe.fileHandleForReading
        DispatchQueue.global().async {
            while true {
                let data = out.availableData
                if data.isEmpty { break }
                self.lock.lock(); self.pieces.append((Date(), data)); self.lock.unlock()
            }
            self.done.signal()
        }
        DispatchQueue.global().async {
            let data = err.readDataToEndOfFile()
            self.lock.lock(); self.errData = data; self.lock.unlock()
            self.done.signal()
        }
    }

    /// Waits for the process (with a deadline) and returns its exit status.
    func wait(timeout: Double = 30) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        _ = done.wait(timeout: .now() + 5)
        _ = done.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: pieces.reduce(Data()) { $0 + $1.1 }, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: errData, as: UTF8.self) }

    /// The arrival time of each complete line.
    var lineArrivals: [(Date, String)] {
        lock.lock(); defer { lock.unlock() }
        var result: [(Date, String)] = []
        var pending = ""
        for (date, data) in pieces {
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                result.append((date, String(pending[..<newline])))
                pending = String(pending[pending.index(after: newline)...])
            }
        }
        return result
    }
}
