import Foundation
import LambdaTestSupport
import XCTest

/// A `lambdactl serve` started for one test on a free port. Its output is collected as it comes
/// (a `BackgroundProcess`), so tests wait for a log line (an event) instead of sleeping, and
/// `stop()` checks that no function process outlives the server.
final class ServeHarness: Sendable {
    let process: BackgroundProcess
    let port: Int
    /// Every function process gets this in its environment; `stop()` looks for survivors by it.
    let marker = "lambdactl-test-\(UUID().uuidString)"

    /// `environment` is added to this process's; `directory` is where serve runs (a project folder);
    /// `startTimeout` is how long serve may take to listen (longer when it builds first).
    init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
         startTimeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        process = try BackgroundProcess(
            Paths.lambdactl, ["serve"] + arguments + ["--port", "0", "--env", "LAMBDACTL_TEST_MARKER=\(marker)"],
            environment: environment.isEmpty ? nil : environment, currentDirectory: directory,
            standardOutput: .collected, standardError: .collected)
        var found: Int?
        process.waitFor(timeout: startTimeout) { text in
            guard let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) else { return false }
            found = text[range].split(separator: ":").last.flatMap { Int($0) }
            return true
        }
        guard let found else {
            process.stop()
            throw HarnessError.notStarted("serve did not start:\n\(process.text(of: .standardOutput))\n\(process.text(of: .standardError))")
        }
        port = found
    }

    enum HarnessError: Error { case notStarted(String) }

    var stdout: String { process.text(of: .standardOutput) }
    var stderr: String { process.text(of: .standardError) }
    var base: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.pid }

    /// Waits until the server's stdout satisfies `condition` (e.g. a REPORT line appeared); each
    /// line serve prints wakes the wait.
    @discardableResult
    func waitForOutput(timeout: Double = 20, _ condition: (String) -> Bool) -> Bool {
        process.waitFor(.standardOutput, timeout: timeout, condition)
    }

    /// The same for stderr. serve's stdout and stderr are two pipes read on two threads, so a line
    /// serve wrote to stderr before a stdout line may still be on its way when the stdout line is
    /// seen: wait for it rather than read stderr once.
    @discardableResult
    func waitForError(timeout: Double = 20, _ condition: (String) -> Bool) -> Bool {
        process.waitFor(.standardError, timeout: timeout, condition)
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

    /// SIGTERM, wait for exit, and assert that serve stopped cleanly and every function process
    /// is gone.
    func stop(file: StaticString = #filePath, line: UInt = #line) {
        let ended = process.stop()
        XCTAssertEqual(ended, .success, "serve should stop cleanly on SIGTERM:\n\(stderr)", file: file, line: line)
        // A function's own children were SIGKILLed with its group as serve exited, and may take a
        // moment to die. Their exit cannot be awaited from here (they are not this process's
        // children, and pidfd_open is reachable only through the variadic syscall(), which Swift
        // cannot call), so /proc is looked at again until they are gone or 5 s have passed.
        var left = survivors().filter { !Self.isZombieOrGone($0) }
        let reapDeadline = Date().addingTimeInterval(5)
        while !left.isEmpty && Date() < reapDeadline {
            usleep(20_000)
            left = survivors().filter { !Self.isZombieOrGone($0) }
        }
        XCTAssertEqual(left, [], "function processes left behind", file: file, line: line)
        for pid in left { kill(pid, SIGKILL) }
    }

    /// A process that has exited but whose parent has not reaped it yet still shows in /proc,
    /// with state Z: it runs nothing and holds no port.
    static func isZombieOrGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
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

/// A client process whose stdout is read as it arrives, each piece stamped with its arrival time
/// (a `BackgroundProcess` with both streams collected).
final class TimedOutput: Sendable {
    let process: BackgroundProcess

    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        process = try BackgroundProcess(executable, arguments, environment: environment,
                                        standardOutput: .collected, standardError: .collected)
    }

    /// Waits for the process (with a deadline; SIGTERM after it) and returns its exit status.
    func wait(timeout: Double = 30) -> Int32 {
        let ended = process.waitForExit(timeout: timeout) ?? process.stop()
        // Its output closes with it; wait for the last chunks to be collected.
        process.waitFor(.standardOutput, timeout: 5) { _ in false }
        process.waitFor(.standardError, timeout: 5) { _ in false }
        return ended.status
    }

    var text: String { process.text(of: .standardOutput) }
    var stderr: String { process.text(of: .standardError) }

    /// The arrival time of each complete line.
    var lineArrivals: [(Date, String)] {
        var result: [(Date, String)] = []
        var pending = ""
        for (date, data) in process.arrivals(of: .standardOutput) {
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                result.append((date, String(pending[..<newline])))
                pending = String(pending[pending.index(after: newline)...])
            }
        }
        return result
    }
}
