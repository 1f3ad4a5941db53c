import Foundation
import LambdaTestSupport
import XCTest

/// The runtime under faults and load: slow readers, Runtime API refusals, many invocations, and
/// trace ids with several invocations at once. Every check is on the wire or on the process.
final class LambdaRuntimeFaultTests: XCTestCase {
    private var server: FakeRuntimeAPI!
    private var runtime: RuntimeProcess?

    override func setUpWithError() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: RuntimeProcess.executable),
                      "build the package first: \(RuntimeProcess.executable) is missing")
    }

    override func tearDown() {
        runtime?.stop()
        server?.stop()
    }

    @discardableResult
    private func start(_ handler: String = "streaming", environment: [String: String] = [:], receiveBuffer: Int32? = nil) throws -> RuntimeProcess {
        if server == nil { server = try FakeRuntimeAPI(receiveBuffer: receiveBuffer) }
        let process = try RuntimeProcess(runtimeAPI: server.address, handler: handler, environment: environment)
        runtime = process
        return process
    }

    private func event(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    private func completion(_ id: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) throws -> RecordedRequest {
        try XCTUnwrap(server.completion(of: id, timeout: timeout),
                      "no response/error post for \(id); runtime stderr:\n\(runtime?.stderr ?? "")", file: file, line: line)
    }

    // MARK: - Slow readers

    func testShortInvocationCompletesWhileTwoStreamsAreBlockedOnASlowReader() throws {
        server = try FakeRuntimeAPI(receiveBuffer: 16 * 1024)
        // As many slow streams as the cooperative pool has threads (one per core, at least 2), plus
        // one free worker: a blocking sendmsg on a pool thread would hold every one of them.
        let slow = (0..<max(2, ProcessInfo.processInfo.activeProcessorCount)).map { "slow-stream-\($0)" }
        server.slowReadIDs = Set(slow)
        server.slowReadRate = 64 * 1024
        try start(environment: ["AWS_LAMBDA_MAX_CONCURRENCY": String(slow.count + 1)])
        for id in slow {
            // 8 MiB each: at 64 KiB/s a stream lasts ~128 s, far longer than this test.
            server.enqueue(event(["action": "big-stream", "chunk": 65536, "count": 128]), id: id)
        }
        // Both streams are under way and far bigger than any socket buffer: their writers now wait.
        XCTAssertTrue(server.waitForSlowStreams(slow, bytes: 64 * 1024), runtime!.stderr)
        let short = server.enqueue(event(["action": "chunks", "chunks": ["quick"]]))
        XCTAssertEqual(try completion(short, timeout: 30).bodyText, "quick")
        for id in slow {
            XCTAssertTrue(server.posts(for: id).isEmpty, "the slow stream \(id) should still be running")
        }
        XCTAssertTrue(runtime!.isRunning)
    }

    // MARK: - Refusals from the Runtime API

    func testStreamRefusedWith413IsLoggedAndTheSameProcessServesTheNextInvocation() throws {
        try start()
        server.postStatus = ["too-large": 413]
        server.enqueue(event(["action": "chunks", "chunks": ["too", "large"]]), id: "too-large")
        let following = server.enqueue(event(["action": "chunks", "chunks": ["after"]]))
        _ = try completion("too-large")
        XCTAssertEqual(try completion(following).bodyText, "after")
        XCTAssertTrue(runtime!.isRunning, runtime!.stderr)
        XCTAssertTrue(runtime!.waitForStderr { $0.contains("HTTP 413") && $0.contains("serving the next invocation") }, runtime!.stderr)
        // No second process, no second init: the server only ever saw /next and the two posts.
        XCTAssertFalse(server.requests.contains { $0.path.contains("/init/error") })
        XCTAssertEqual(server.requests.filter { $0.method == "POST" }.count, 2)
    }

    /// Lambda ends a stream that passes its limit with a 413 and closes the connection while the
    /// function is still writing: the runtime's next write fails, and the worker must reconnect and
    /// go on to `/next` in the same process.
    func testStreamCutMidwayWith413AndCloseLeavesTheSameProcessServing() throws {
        let process = try start()
        let pid = process.pid
        server.cutAfterBytes = ["cut": 256 * 1024]
        server.enqueue(event(["action": "big-stream", "chunk": 65536, "count": 256]), id: "cut")
        let following = server.enqueue(event(["action": "chunks", "chunks": ["after", " the cut"]]))
        XCTAssertTrue(try completion("cut").cutShort)
        XCTAssertEqual(try completion(following).bodyText, "after the cut")
        XCTAssertTrue(process.isRunning, process.stderr)
        XCTAssertEqual(process.pid, pid)
        XCTAssertFalse(server.requests.contains { $0.path.contains("/init/error") })
        XCTAssertTrue(process.waitForStderr { $0.contains("/cut/response, so this result may not have arrived") && $0.contains("serving the next invocation") }, process.stderr)
    }

    /// A lost result is not a licence to run without a Runtime API: when it is really gone, the
    /// reconnect for `/next` fails and the runtime stops with the reason.
    func testStreamCutAndRuntimeAPIGoneStillEndsTheRuntime() throws {
        let process = try start()
        server.cutAfterBytes = ["cut": 64 * 1024]
        server.enqueue(event(["action": "big-stream", "chunk": 65536, "count": 256]), id: "cut")
        XCTAssertTrue(try completion("cut").cutShort)
        server.stop()
        let status = try XCTUnwrap(process.waitForExit(), "the runtime kept running after the Runtime API went away")
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(process.stderr.contains("may not have arrived"), process.stderr)
        XCTAssertTrue(process.stderr.contains("refused") || process.stderr.contains("/runtime/invocation/next"), process.stderr)
    }

    func testBufferedResponse413AndError400AreLoggedAndServingGoesOn() throws {
        let process = try start("buffered")
        let pid = process.pid
        server.postStatus = ["buffered-413": 413, "error-400": 400]
        server.enqueue("{\"x\":1}", id: "buffered-413")
        server.enqueue("{\"fail\":true}", id: "error-400")
        let following = server.enqueue("{\"y\":2}")
        XCTAssertTrue(try completion("buffered-413").header("Content-Length") != nil)
        XCTAssertTrue(try completion("error-400").path.hasSuffix("/error-400/error"))
        XCTAssertEqual(try completion(following).bodyText, "echo:{\"y\":2}")
        XCTAssertTrue(process.isRunning, process.stderr)
        XCTAssertEqual(process.pid, pid)
        XCTAssertTrue(process.waitForStderr { $0.contains("HTTP 413") && $0.contains("HTTP 400") }, process.stderr)
    }

    func testServerErrorOnResponseStillEndsTheRuntime() throws {
        let process = try start()
        server.postStatus = ["broken": 500]
        server.enqueue(event(["action": "chunks", "chunks": ["x"]]), id: "broken")
        let status = try XCTUnwrap(process.waitForExit(), "a 500 to /response must stop the runtime")
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(process.stderr.contains("HTTP 500"), process.stderr)
    }

    // MARK: - Trace ids

    func testFourConcurrentInvocationsEachSeeTheirOwnTraceIDAndNoProcessVariable() throws {
        try start(environment: ["AWS_LAMBDA_MAX_CONCURRENCY": "4"])
        // All four are handed out together and acknowledged together: they overlap.
        server.holdUntilOutstanding = 4
        server.holdPostsUntil = 4
        var expected: [String: String] = [:]
        for index in 0..<4 {
            let trace = "Root=1-6750e0f0-00000000000000000000000\(index);Parent=000000000000000\(index);Sampled=1"
            let id = server.enqueue(event(["action": "context", "sleep_ms": 100]), headers: [("Lambda-Runtime-Trace-Id", trace)])
            expected[id] = trace
        }
        for (id, trace) in expected {
            let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try completion(id).body)) as? [String: Any])
            XCTAssertEqual(body["traceID"] as? String, trace)
            XCTAssertEqual(body["traceEnvSet"] as? Bool, false, "_X_AMZN_TRACE_ID must not be set with several workers")
        }
    }

    func testResidentMemoryStaysFlatOverTwentyThousandDistinctTraceIDs() throws {
        let process = try start()
        var sent = 0
        func serve(_ count: Int) throws {
            // Batches keep the fake's queue short; each batch ends when its last post is recorded.
            var left = count
            while left > 0 {
                let batch = min(1000, left)
                var last = ""
                for _ in 0..<batch {
                    sent += 1
                    let trace = String(format: "Root=1-6750e0f0-%024x;Parent=%016x;Sampled=1", sent, sent)
                    last = server.enqueue("{\"action\":\"chunks\",\"chunks\":[\"r\"]}", id: "rss-\(sent)",
                                          headers: [("Lambda-Runtime-Trace-Id", trace)])
                }
                _ = try completion(last, timeout: 120)
                left -= batch
            }
        }
        try serve(2000)  // warm-up: allocator arenas and caches reach their steady size
        let before = try XCTUnwrap(process.residentKiB)
        try serve(20_000)
        let after = try XCTUnwrap(process.residentKiB)
        // setenv per invocation grew RSS by ~141 B per distinct trace id: ~2.8 MiB here.
        XCTAssertLessThan(after - before, 1024, "VmRSS \(before) KiB -> \(after) KiB over 20,000 invocations")
        XCTAssertTrue(process.isRunning)
    }
}
