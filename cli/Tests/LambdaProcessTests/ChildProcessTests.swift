import Foundation
import Synchronization
import LambdaProcess
import LambdaTestSupport
import XCTest

/// Runs real children (/bin/sh and coreutils) through `ChildProcess`, the one layer every other
/// target starts programs with, and checks what each child was given and how it was ended.
final class ChildProcessTests: XCTestCase {
    func testSeparateOutputAndExitCode() async throws {
        let result = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"]))
        XCTAssertEqual(result.exit, .exited(3))
        XCTAssertEqual(result.outputText, "out")
        XCTAssertEqual(result.errorText, "err")
    }

    func testCombinedOutputKeepsTheOrderTheChildWrote() async throws {
        let result = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "echo 1; echo 2 >&2; echo 3"]),
                                                output: .combined(limit: 1024))
        XCTAssertEqual(result.outputText, "1\n2\n3\n")
        XCTAssertEqual(result.standardError, [])
    }

    func testNameIsLookedUpOnTheGivenPath() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let script = folder.path + "/hello-tool"
        try "#!/bin/sh\necho found \"$@\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let result = try await ChildProcess.run(ChildCommand("hello-tool", ["x"], environment: ["PATH": folder.path]))
        XCTAssertEqual(result.outputText, "found x\n")
    }

    func testEnvironmentIsExactlyTheOneGiven() async throws {
        let variables = ["AWS_REGION": "us-east-1", "AWS_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt",
                         "EMPTY": "", "SPACED": "a b  c", "UNICODE": "héllo"]
        let result = try await ChildProcess.run(ChildCommand("/usr/bin/env", environment: variables))
        XCTAssertEqual(result.outputText.split(separator: "\n").map(String.init).sorted(),
                       variables.map { "\($0.key)=\($0.value)" }.sorted())
    }

    func testWorkingDirectory() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let result = try await ChildProcess.run(ChildCommand("/bin/pwd", workingDirectory: folder.path))
        XCTAssertEqual(result.outputText.trimmingCharacters(in: .newlines),
                       URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path)
    }

    func testStandardInputIsEmpty() async throws {
        // A child that prompts must see end of input at once, not wait on lambdactl's terminal.
        let result = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "if read line; then echo got; else echo eof; fi"],
                                                             timeout: .seconds(20)))
        XCTAssertEqual(result.outputText, "eof\n")
    }

    func testSignalledChildReportsShellStatus() async throws {
        let result = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "kill -TERM $$"]))
        XCTAssertEqual(result.exit, .signalled(SIGTERM))
        XCTAssertEqual(result.status, 128 + SIGTERM)
    }

    /// An ignored signal is inherited through exec; lambdactl ignores SIGPIPE (serve) and tests
    /// ignore others, and a child must start with the defaults or it cannot be stopped.
    func testChildStartsWithDefaultSignalsAndAnEmptyMask() async throws {
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        let result = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"]))
        let masks = Dictionary(uniqueKeysWithValues: result.outputText.split(separator: "\n").map { line -> (String, UInt64) in
            let parts = line.split(separator: ":")
            return (String(parts[0]), UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16) ?? .max)
        })
        XCTAssertEqual(masks["SigBlk"], 0, result.outputText)
        let usr2Bit = UInt64(1) << UInt64(SIGUSR2 - 1)
        XCTAssertEqual((masks["SigIgn"] ?? usr2Bit) & usr2Bit, 0, "the child inherited SIGUSR2 ignored: \(result.outputText)")
    }

    func testOnlyStandardDescriptorsAreInherited() async throws {
        let leaked = open("/dev/null", O_RDONLY)  // not close-on-exec
        defer { close(leaked) }
        let result = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "ls /proc/self/fd"]))
        let descriptors = Set(result.outputText.split(separator: "\n").compactMap { Int32($0) })
        XCTAssertFalse(descriptors.contains(leaked), "fd \(leaked) leaked into the child: \(descriptors.sorted())")
    }

    func testTimeoutEndsTheWholeGroup() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let pidFile = folder.path + "/grandchild"
        let command = ChildCommand("/bin/sh", ["-c", "sleep 60 & echo $! > \(pidFile); wait"],
                                   processGroup: .own, timeout: .milliseconds(500))
        do {
            _ = try await ChildProcess.run(command)
            XCTFail("the run should have timed out")
        } catch ChildProcessError.timedOut(let shown, let after) {
            XCTAssertTrue(shown.contains("sleep 60"), shown)
            XCTAssertEqual(after, .milliseconds(500))
        }
        let grandchild = try XCTUnwrap(pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let ended = await Self.gone(grandchild, within: 10)
        XCTAssertTrue(ended, "sleep \(grandchild), the shell's child, outlived the timeout")
        XCTAssertEqual(ChildProcesses.running, [])
    }

    func testCancellationEndsTheChildAndItsRecord() async throws {
        let run = Task { try await ChildProcess.run(ChildCommand("/bin/sleep", ["60"], processGroup: .own)) }
        var recorded: [pid_t] = []
        for _ in 0..<500 where recorded.isEmpty {
            recorded = ChildProcesses.running
            if recorded.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        XCTAssertEqual(recorded.count, 1)
        let group = try XCTUnwrap(recorded.first)
        XCTAssertLessThan(group, 0, "a child in its own group is recorded as minus its group id")
        run.cancel()
        let outcome = await run.result
        if case .success(let result) = outcome { XCTAssertEqual(result.exit, .signalled(SIGTERM)) }
        let ended = await Self.gone(-group, within: 10)
        XCTAssertTrue(ended)
        XCTAssertEqual(ChildProcesses.running, [])
    }

    func testOutputOverTheLimitIsAnError() async throws {
        do {
            _ = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "head -c 5000 /dev/zero"]), output: .separate(limit: 1000))
            XCTFail("5000 bytes passed a limit of 1000")
        } catch ChildProcessError.outputTooLarge(let command, let limit) {
            XCTAssertEqual(limit, 1000)
            XCTAssertTrue(command.contains("head -c 5000"), command)
        }
    }

    func testErrorsNameWhatToFix() async throws {
        await assertThrows(ChildCommand("no-such-tool-xyz", environment: ["PATH": "/nonexistent"])) {
            guard case .notFound(let program, let path) = $0 else { return false }
            return program == "no-such-tool-xyz" && path == "/nonexistent" && $0.description.contains("put the folder that holds it on PATH")
        }
        await assertThrows(ChildCommand("/tmp")) {
            guard case .cannotStart(_, let reason) = $0 else { return false }
            return reason == "it is a folder"
        }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let plain = try folder.write("data.txt", "not a program\n", mode: 0o644)
        await assertThrows(ChildCommand(plain)) {
            guard case .cannotStart(_, let reason) = $0 else { return false }
            return reason == "it is not executable"
        }
        await assertThrows(ChildCommand("/bin/true", workingDirectory: "/nonexistent/folder")) {
            guard case .cannotEnterDirectory(let folder, _) = $0 else { return false }
            return folder == "/nonexistent/folder"
        }
    }

    func testEchoIsRedacted() async throws {
        let lines = Lines()
        _ = try await ChildProcess.run(ChildCommand("/bin/echo", ["--environment", #"{"Variables":{"KEY":"s3cr3t"}}"#]),
                                       echo: { lines.append($0) })
        let echoed = lines.all.joined()
        XCTAssertTrue(echoed.hasPrefix("+ /bin/echo --environment"), echoed)
        XCTAssertFalse(echoed.contains("s3cr3t"), echoed)
        XCTAssertTrue(echoed.contains("KEY"), echoed)
    }

    private func assertThrows(_ command: ChildCommand, file: StaticString = #filePath, line: UInt = #line,
                              _ matches: (ChildProcessError) -> Bool) async {
        do {
            _ = try await ChildProcess.run(command)
            XCTFail("\(command.program) ran", file: file, line: line)
        } catch {
            XCTAssertTrue(matches(error), "unexpected: \(error)", file: file, line: line)
        }
    }

    /// Whether `target` (a pid, or minus a group) has no live process within `seconds`: the
    /// signal was sent, its delivery and the reaping are what is awaited.
    static func gone(_ target: pid_t, within seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if kill(target, 0) != 0 && errno == ESRCH { return true }
            if target > 0, let stat = try? String(contentsOfFile: "/proc/\(target)/stat", encoding: .utf8),
               stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") == true { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}

/// Lines an `echo` closure received, guarded by a lock because it may run on any thread.
final class Lines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var all: [String] { storage.withLock { $0 } }
}
