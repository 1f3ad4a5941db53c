import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl tail` on log events seeded in moto with the real aws CLI (and `aws logs tail` as the
/// reference for what is printed).
final class TailTests: AWSTestCase {
    let group = "/aws/lambda/logged"
    let report1 = "REPORT RequestId: req-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tInit Duration: 45.67 ms\t"
    let report2 = "REPORT RequestId: req-2\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 22 MB\t"

    func seed(_ messages: [String], stream: String = "2026/11/29/[$LATEST]abc") throws {
        _ = try aws(["logs", "create-log-group", "--log-group-name", group])
        _ = try aws(["logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", stream])
        let now = Int(Date().timeIntervalSince1970 * 1000)
        let events = messages.enumerated().map { ["timestamp": now - 60_000 + $0.offset, "message": $0.element] as [String: Any] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: events), as: UTF8.self)
        let result = try aws(["logs", "put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", json])
        XCTAssertEqual(result.status, 0, result.transcript)
    }

    func testReportLinesBecomeCompactAndStatsAddUp() throws {
        try seed(["START RequestId: req-1 Version: $LATEST", "hello from req-1", "ERROR something broke", report1,
                  "START RequestId: req-2 Version: $LATEST", report2])
        let result = try lambdactl(["tail", "logged", "--since", "1h", "--stats"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.contains("hello from req-1") }.count, 1, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasSuffix("REPORT req-1  12.34 ms (billed 13 ms)  20/128 MB  cold start 45.67 ms") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasSuffix("REPORT req-2  3 ms (billed 3 ms)  22/128 MB") }, result.stdout)
        XCTAssertFalse(result.stdout.contains("Billed Duration"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour on a pipe")
        XCTAssertTrue(lines.last?.contains("2 invocation(s), 1 cold start(s)") ?? false, result.stdout)
        XCTAssertTrue(lines.last?.contains("max memory 22 MB") ?? false, result.stdout)

        let json = try lambdactl(["tail", "logged", "--since", "1h", "--json", "--request-id", "req-2"])
        XCTAssertEqual(json.status, 0, json.transcript)
        let events = json.stdout.split(separator: "\n").map { parseJSON(String($0)) }
        for line in json.stdout.split(separator: "\n") { try JSONDocs.check("tail", output: String(line)) }
        XCTAssertEqual(events.count, 2, json.stdout)
        XCTAssertEqual(events.compactMap { $0["message"] as? String }.first, "START RequestId: req-2 Version: $LATEST")
        let report = try XCTUnwrap(events.last?["report"] as? [String: Any], json.stdout)
        XCTAssertEqual(report["durationMs"] as? Double, 3)
        XCTAssertEqual(report["maxMemoryUsedMB"] as? Int, 22)
        XCTAssertEqual(events.last?["stream"] as? String, "2026/11/29/[$LATEST]abc")
    }

    /// Events at given times (milliseconds before now), so that two can share a millisecond.
    func seed(_ events: [(ago: Int, message: String)], stream: String = "2026/11/29/[$LATEST]abc") throws {
        _ = try aws(["logs", "create-log-group", "--log-group-name", group])
        _ = try aws(["logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", stream])
        let now = Int(Date().timeIntervalSince1970 * 1000)
        let list = events.map { ["timestamp": now - $0.ago, "message": $0.message] as [String: Any] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
        let result = try aws(["logs", "put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", json])
        XCTAssertEqual(result.status, 0, result.transcript)
    }

    /// A message whose second line starts with a timestamp stays one event, and two identical
    /// events (same millisecond, stream and text) stay two: what `aws logs tail` prints, minus
    /// the stream column.
    func testEventsArePrintedVerbatimAsTheCLIPrintsThem() throws {
        let stream = "2026/11/29/[$LATEST]abc"
        try seed([(60_000, "batch start\n2026-12-01T10:00:01 worker said hello"), (59_000, "same"), (59_000, "same")], stream: stream)
        let result = try lambdactl(["tail", "logged", "--since", "1h"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let reference = try runProcess(LocalAWSServer.awsV2, ["logs", "tail", group, "--since", "1h", "--format", "detailed", "--endpoint-url", server.endpoint],
                                       environment: environment)
        XCTAssertEqual(reference.status, 0, reference.transcript)
        XCTAssertEqual(result.stdout, reference.stdout.replacingOccurrences(of: " \(stream) ", with: " "))
        XCTAssertTrue(result.stdout.contains("\n2026-12-01T10:00:01 worker said hello\n"), result.stdout)

        let json = try lambdactl(["tail", "logged", "--since", "1h", "--json"])
        XCTAssertEqual(json.status, 0, json.transcript)
        let events = json.stdout.split(separator: "\n").map { parseJSON(String($0)) }
        XCTAssertEqual(events.compactMap { $0["message"] as? String }.prefix(3),
                       ["batch start\n2026-12-01T10:00:01 worker said hello", "same", "same"], json.stdout)
        XCTAssertEqual(events.first?["stream"] as? String, stream)
    }

    /// Lambda's JSON log format: a platform.report record counts like a REPORT line.
    func testJSONLogFormatReportsAddUp() throws {
        let record = #"{"time":"2026-12-01T10:00:02.000Z","type":"platform.report","record":{"requestId":"req-9","metrics":{"durationMs":7.5,"billedDurationMs":8,"memorySizeMB":256,"maxMemoryUsedMB":31,"initDurationMs":50.25},"status":"success"}}"#
        try seed([(60_000, #"{"time":"2026-12-01T10:00:00.000Z","type":"platform.start","record":{"requestId":"req-9","version":"$LATEST"}}"#),
                  (59_000, record), (58_000, report2)])
        let result = try lambdactl(["tail", "logged", "--since", "1h", "--stats"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("REPORT req-9  7.50 ms (billed 8 ms)  31/256 MB  cold start 50.25 ms"), result.stdout)
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(last.contains("2 invocation(s), 1 cold start(s)"), result.stdout)
        XCTAssertTrue(last.contains("max memory 31 MB"), result.stdout)
    }

    /// `--follow --stats` stopped with Ctrl-C (SIGINT) still prints the totals, then exits 130.
    func testFollowWithStatsPrintsTotalsOnInterrupt() throws {
        try seed(["START RequestId: req-1 Version: $LATEST", report1])
        let tail = try follow(["--stats"])
        defer { tail.stop() }
        XCTAssertTrue(tail.waitFor(timeout: 30) { $0.contains("REPORT req-1") }, tail.text())
        tail.signal(SIGINT)
        XCTAssertEqual(tail.waitForExit(timeout: 30), .init(status: 130, signalled: false), tail.text())
        XCTAssertTrue(tail.waitFor(timeout: 10) { $0.contains("-- 1 invocation(s), 1 cold start(s)") }, tail.text())
    }

    /// --qualifier keeps the streams of one version; an alias is resolved to its version.
    func testQualifierKeepsOneVersionsStreams() throws {
        try seed([(60_000, "from latest")], stream: "2026/11/29/[$LATEST]aaa")
        _ = try aws(["logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "2026/11/29/[2]bbb"])
        let now = Int(Date().timeIntervalSince1970 * 1000)
        XCTAssertEqual(try aws(["logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "2026/11/29/[2]bbb",
                                "--log-events", "[{\"timestamp\":\(now - 50_000),\"message\":\"from version 2\"}]"]).status, 0)
        let version = try lambdactl(["tail", "logged", "--since", "1h", "--qualifier", "2"])
        XCTAssertEqual(version.status, 0, version.transcript)
        XCTAssertTrue(version.stdout.contains("from version 2"), version.stdout)
        XCTAssertFalse(version.stdout.contains("from latest"), version.stdout)

        let zip = try makeZip("logged.zip", machine: nil)
        XCTAssertEqual(try lambdactl(["deploy", "--zip", zip, "--role", try role(), "--publish"]).status, 0)
        XCTAssertEqual(try lambdactl(["deploy", "--zip", try makeZip("logged.zip", machine: nil, marker: "2"), "--alias", "live"]).status, 0)
        let alias = try lambdactl(["tail", "logged", "--since", "1h", "--alias", "live"])
        XCTAssertEqual(alias.status, 0, alias.transcript)
        XCTAssertEqual(alias.stdout, version.stdout)
        let missing = try lambdactl(["tail", "logged", "--since", "1h", "--alias", "nope"])
        XCTAssertEqual(missing.status, 1, missing.transcript)
        XCTAssertTrue(missing.stderr.contains("has no alias or version nope"), missing.transcript)
    }

    /// On a terminal (a pty from `script`) ERROR lines are red; NO_COLOR turns that off.
    func testErrorLinesAreRedOnATerminalUnlessNoColor() throws {
        try seed(["ERROR boom", "fine line"])
        let command = "\(Paths.lambdactl) tail logged --since 1h --endpoint-url \(server.endpoint)"
        let coloured = try runProcess("script", ["-qec", command, "/dev/null"], environment: environment)
        XCTAssertEqual(coloured.status, 0, coloured.transcript)
        XCTAssertTrue(coloured.stdout.contains("\u{1B}[31m"), coloured.transcript)
        XCTAssertTrue(coloured.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").contains { $0.contains("fine line") && !$0.contains("\u{1B}[31m") }, coloured.stdout.debugDescription)
        var noColor = environment
        noColor["NO_COLOR"] = "1"
        let plain = try runProcess("script", ["-qec", command, "/dev/null"], environment: noColor)
        XCTAssertEqual(plain.status, 0, plain.transcript)
        XCTAssertTrue(plain.stdout.contains("ERROR boom"), plain.transcript)
        XCTAssertFalse(plain.stdout.contains("\u{1B}["), plain.transcript)
    }

    /// `--follow` prints a line put after it started, once, and ends its aws child when killed.
    func testFollowPicksUpANewEvent() throws {
        try seed(["first line"])
        let tail = try follow()
        defer { tail.stop() }
        XCTAssertTrue(tail.waitFor(timeout: 30) { $0.contains("first line") }, tail.text())

        let now = Int(Date().timeIntervalSince1970 * 1000)
        let put = try aws(["logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "2026/11/29/[$LATEST]abc",
                           "--log-events", "[{\"timestamp\":\(now),\"message\":\"second line\"}]"])
        XCTAssertEqual(put.status, 0, put.transcript)
        XCTAssertTrue(tail.waitFor(timeout: 40) { $0.contains("second line") }, tail.text())
        XCTAssertTrue(tail.isRunning)

        let pid = tail.pid
        tail.stop()
        // The aws child (whose parent was lambdactl) is gone too. It is not this process's child,
        // so its end cannot be awaited: /proc is looked at again for up to 10 s.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !childrenOf(pid).isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertEqual(childrenOf(pid), [], "aws logs tail outlived lambdactl")
        XCTAssertEqual(tail.text().components(separatedBy: "first line").count - 1, 1, tail.text())
    }

    /// `lambdactl tail logged --since 1h --follow EXTRA` in the background, its standard output
    /// collected as it arrives.
    func follow(_ extra: [String] = []) throws -> BackgroundProcess {
        try BackgroundProcess(Paths.lambdactl, ["tail", "logged", "--since", "1h", "--follow"] + extra + ["--endpoint-url", server.endpoint],
                              environment: environment, standardOutput: .collected, standardError: .discarded)
    }

    /// Processes still running that were started by `pid` (orphans are re-parented, so look at the
    /// command line for this test's endpoint too).
    func childrenOf(_ pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { candidate in
            guard let cmdline = FileManager.default.contents(atPath: "/proc/\(candidate)/cmdline") else { return false }
            let text = String(decoding: cmdline, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            return text.contains("filter-log-events") && text.contains(server.endpoint)
        }
    }
}
