import Foundation
import LambdaTestSupport
import XCTest

/// A function process holds nothing of serve's, and nothing it starts outlives its environment or
/// serve: read from /proc, the kernel's own account, not from what serve says.
final class ContainmentTests: XCTestCase {
    /// fd number -> link target (`socket:[123]`, `pipe:[4]`, a path) of a live process.
    static func openFiles(_ pid: Int32) -> [Int: String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        var result: [Int: String] = [:]
        for entry in entries {
            guard let fd = Int(entry), let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(entry)") else { continue }
            result[fd] = target
        }
        return result
    }

    /// Socket inode -> remote port, from the kernel's TCP tables.
    static func tcpRemotePorts() -> [String: Int] {
        var result: [String: Int] = [:]
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // Read to EOF: procfs tables report size 0 and come a page per read.
            guard let handle = FileHandle(forReadingAtPath: table) else { continue }
            let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            try? handle.close()
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, let port = fields[2].split(separator: ":").last.flatMap({ Int($0, radix: 16) }) else { continue }
                result[String(fields[9])] = port
            }
        }
        return result
    }

    static func commandLine(_ pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    static func runtimeAPIPort(_ pid: Int32) -> Int? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return nil }
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            if text.hasPrefix("AWS_LAMBDA_RUNTIME_API=") { return text.split(separator: ":").last.flatMap { Int($0) } }
        }
        return nil
    }

    func testFunctionProcessHoldsOnlyStdioAndItsOwnRuntimeAPISocket() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--timeout", "120", "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        // A second client connection is open while the environment starts: it must not leak either.
        let idle = try TimedOutput(Fixture.python, ["-c", "import socket, sys, time; s = socket.create_connection(('127.0.0.1', int(sys.argv[1]))); time.sleep(120)", String(serve.port)])
        defer { idle.process.stop() }
        let client = try TimedOutput("curl", ["-sN", "-d", #"{"mode":"fds","seconds":120}"#, "\(serve.base)/"])
        defer { client.process.stop() }
        let deadline = Date().addingTimeInterval(30)
        while client.lineArrivals.isEmpty && Date() < deadline { usleep(20_000) }
        let report = try XCTUnwrap(client.lineArrivals.first.flatMap { Fixture.json($0.1) }, "no fd listing from the function: \(client.text)\n\(serve.stdout)")

        // What the function sees from inside: stdio and the stream it opened, nothing else.
        let inside = try XCTUnwrap(report["fds"] as? [String: String], "\(report)")
        let streamFD = try XCTUnwrap(report["stream_fd"] as? Int)
        XCTAssertEqual(Set(inside.keys), Set(["0", "1", "2", String(streamFD)]), "fds seen inside the function: \(inside)")

        // What the kernel says of every process of the environment (the namespace helpers too).
        let processes = serve.survivors()
        XCTAssertFalse(processes.isEmpty, "no function process found by its marker")
        let remotePorts = Self.tcpRemotePorts()
        var ownSockets = 0
        for pid in processes {
            let files = Self.openFiles(pid)
            for (fd, target) in files where fd > 2 {
                let inode = target.hasPrefix("socket:[") ? String(target.dropFirst(8).dropLast()) : ""
                let apiPort = Self.runtimeAPIPort(pid)
                XCTAssertNotNil(apiPort)
                XCTAssertEqual(remotePorts[inode], apiPort, "pid \(pid) \(Self.commandLine(pid)) holds fd \(fd) -> \(target), which is not its own Runtime API connection; all: \(files)")
                ownSockets += 1
            }
        }
        XCTAssertEqual(ownSockets, 1, "exactly one fd above 2 (the function's stream) across \(processes)")
    }

    func testDetachedGrandchildEndsWithServeAndItsPortIsFree() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        let port = serve.port
        let invoke = try LambdaTestSupport.run("curl", ["-s", "-d", #"{"mode":"setsid"}"#, "\(serve.base)/2015-03-31/functions/function/invocations"])
        XCTAssertEqual(invoke.stdout, #""started""#, invoke.transcript)
        XCTAssertTrue(waitFor { !self.sleepers(serve).isEmpty }, "the fixture's `setsid sleep 901` never appeared")

        serve.stop()  // SIGTERM; asserts that no process with the marker is left
        XCTAssertEqual(sleepers(serve), [], "the detached sleep outlived serve")
        // serve binds with SO_REUSEADDR; so does this, which fails while any process holds the port.
        let bind = try LambdaTestSupport.run(Fixture.python, ["-c", """
            import socket, sys
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); print("bound")
            """, String(port)])
        XCTAssertEqual(bind.stdout, "bound\n", "port \(port) is still held after serve exited: \(bind.transcript)")
    }

    func testDetachedGrandchildEndsWithItsEnvironmentAndSIGINTStopsServe() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        let invoke = try LambdaTestSupport.run("curl", ["-s", "-d", #"{"mode":"setsid","then":"exit"}"#, "\(serve.base)/2015-03-31/functions/function/invocations"])
        XCTAssertEqual(Fixture.json(invoke.stdout)?["errorType"] as? String, "Runtime.ExitError", invoke.transcript)
        XCTAssertTrue(waitFor { self.sleepers(serve).isEmpty }, "the detached sleep outlived the environment that started it: \(sleepers(serve))")
        let again = try LambdaTestSupport.run("curl", ["-s", "-d", #"{"mode":"buffered","value":"fresh"}"#, "\(serve.base)/2015-03-31/functions/function/invocations"])
        XCTAssertEqual(again.stdout, #""fresh""#, again.transcript)

        serve.process.signal(SIGINT)
        XCTAssertNotNil(serve.process.waitForExit(timeout: 20), "serve did not stop on SIGINT")
        serve.stop()
    }

    /// A SIGTERM or SIGINT sent the moment serve prints "listening on" stops it. serve used to
    /// ignore both and listen through a libdispatch signal source, which starts some time after it
    /// is resumed: a signal in between was lost and serve ran on (found by ServeHarness, which
    /// reacts to the banner at once).
    func testSignalRightAfterTheBannerStopsServe() throws {
        let zip = try XCTUnwrap(FileManager.default.temporaryDirectory.path).appending("/lambdactl-banner-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(atPath: zip) }
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("bootstrap", "#!/bin/sh\nexit 0\n", mode: 0o100755)])
        for (round, number) in [SIGTERM, SIGINT, SIGTERM, SIGINT, SIGTERM, SIGINT, SIGTERM, SIGINT].enumerated() {
            let serve = try BackgroundProcess(Paths.lambdactl, ["serve", zip, "--port", "0"],
                                              standardOutput: .collected, standardError: .collected)
            _ = try serve.waitForLine(containing: "listening on", timeout: 20)
            serve.signal(number)
            let ended = serve.waitForExit(timeout: 10)
            XCTAssertEqual(ended, .success, "round \(round), signal \(number): \(serve.text(of: .standardError))")
            if ended == nil { serve.stop() }
        }
    }

    /// `lambdactl serve | head -1`: the reader of serve's output goes away. serve must go on serving
    /// (the function's output and REPORT lines go nowhere), stop cleanly on SIGTERM and remove its
    /// work folder. It used to trap in Foundation's `FileHandle.write` on the EPIPE of its
    /// "stopped" line (exit 132) and leave the unpacked function in TMPDIR. Python drives it: it
    /// closes the pipe as `head` does, which no helper of ours does on purpose.
    func testServeOutlivesAClosedOutputPipe() throws {
        let temp = try TemporaryDirectory("closed-pipe")
        defer { temp.remove() }
        let driver = try LambdaTestSupport.run("timeout", ["120", "python3", "-c", """
            import json, os, signal, subprocess, sys, urllib.request
            env = dict(os.environ, TMPDIR=sys.argv[2])
            serve = subprocess.Popen([sys.argv[1], "serve", "--dir", sys.argv[3], "--env", "FIXTURE_PYTHON=" + sys.argv[4],
                                      "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for line in serve.stdout:
                if line.startswith(b"listening on "):
                    url = line.split()[-1].decode()
                    break
            serve.stdout.close()
            body = json.dumps({"mode": "buffered", "value": "fresh"}).encode()
            with urllib.request.urlopen(url + "/2015-03-31/functions/function/invocations", body, timeout=30) as answer:
                print(answer.read().decode())
            serve.send_signal(signal.SIGTERM)
            status = serve.wait(timeout=30)
            sys.stderr.write(serve.stderr.read().decode())
            print(status)
            """, Paths.lambdactl, temp.path, Fixture.streamRuntime, Fixture.python])
        XCTAssertEqual(driver.status, 0, driver.transcript)
        XCTAssertEqual(driver.stdout, "\"fresh\"\n0\n", driver.transcript)
        XCTAssertFalse(driver.stderr.contains("Fatal error"), driver.transcript)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temp.path), [], "serve's work folder must be gone")
    }

    /// The fixture's detached `sleep 901` processes still alive.
    private func sleepers(_ serve: ServeHarness) -> [Int32] {
        serve.survivors().filter { Self.commandLine($0) == ["sleep", "901"] }
    }

    private func waitFor(seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
