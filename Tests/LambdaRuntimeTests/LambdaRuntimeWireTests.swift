import Foundation
import LambdaTestSupport
import XCTest

/// The runtime core against a Runtime API server inside the test: every assertion is on the bytes
/// the runtime put on the wire, or on how the process ended.
final class LambdaRuntimeWireTests: XCTestCase {
    private var server: FakeRuntimeAPI!
    private var runtime: RuntimeProcess?

    override func setUpWithError() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: RuntimeProcess.executable),
                      "build the package first: \(RuntimeProcess.executable) is missing")
        server = try FakeRuntimeAPI()
    }

    override func tearDown() {
        runtime?.stop()
        server?.stop()
    }

    @discardableResult
    private func start(_ handler: String = "streaming", api: String? = nil, environment: [String: String] = [:]) throws -> RuntimeProcess {
        let process = try RuntimeProcess(runtimeAPI: api ?? server.address, handler: handler, environment: environment)
        runtime = process
        return process
    }

    private func event(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    private func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    private func completion(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> RecordedRequest {
        let requests = { [server] in server!.requests.map { "\($0.connection) \($0.method) \($0.path)" } }
        return try XCTUnwrap(server.completion(of: id),
                             "no response/error post for \(id); requests: \(requests()); runtime stderr:\n\(runtime?.stderr ?? "")",
                             file: file, line: line)
    }

    private static let trailerAnnouncement = "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"

    // MARK: - Streaming responses

    func testNextRequestAndStreamedChunksAreExactOnTheWire() throws {
        try start()
        let id = server.enqueue(event(["action": "chunks", "chunks": ["Hello ", "", "world", "!"]]))
        let post = try completion(id)

        let next = try XCTUnwrap(server.requests.first)
        XCTAssertTrue(next.rawHead.hasPrefix("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n"), next.rawHead)
        XCTAssertEqual(next.header("Host"), server.address)
        XCTAssertNil(next.header("Transfer-Encoding"))

        XCTAssertTrue(post.rawHead.hasPrefix("POST /2018-06-01/runtime/invocation/\(id)/response HTTP/1.1\r\n"), post.rawHead)
        XCTAssertEqual(post.header("Lambda-Runtime-Function-Response-Mode"), "streaming")
        XCTAssertEqual(post.header("Transfer-Encoding"), "chunked")
        XCTAssertEqual(post.header("Trailer"), Self.trailerAnnouncement)
        XCTAssertEqual(post.header("Content-Type"), "application/octet-stream")
        XCTAssertNil(post.header("Content-Length"))
        // One chunk per non-empty write, in order; the empty write sent nothing (it would end the stream).
        XCTAssertEqual(post.chunks?.map { String(decoding: $0, as: UTF8.self) }, ["Hello ", "world", "!"])
        XCTAssertEqual(post.rawEnd, "0\r\n\r\n")
        XCTAssertTrue(post.trailers.isEmpty)
    }

    func testContentTypeOfAPlainStreamIsSentOnTheRequest() throws {
        try start()
        let id = server.enqueue(event(["action": "content-type", "type": "application/x-ndjson"]))
        let post = try completion(id)
        XCTAssertEqual(post.header("Content-Type"), "application/x-ndjson")
        XCTAssertEqual(post.bodyText, "typed\n")
    }

    func testErrorAfterFirstByteEndsStreamWithAnnouncedBase64Trailers() throws {
        try start()
        let id = server.enqueue(event(["action": "throw-after"]))
        let post = try completion(id)
        XCTAssertTrue(post.path.hasSuffix("/\(id)/response"))
        XCTAssertEqual(post.header("Trailer"), Self.trailerAnnouncement)
        XCTAssertEqual(post.chunks?.map { String(decoding: $0, as: UTF8.self) }, ["partial"])
        XCTAssertTrue(post.rawEnd.hasPrefix("0\r\nLambda-Runtime-Function-Error-Type: Function.TestFunctionError\r\n"), post.rawEnd)
        XCTAssertTrue(post.rawEnd.hasSuffix("\r\n\r\n"))
        XCTAssertEqual(post.trailer("Lambda-Runtime-Function-Error-Type"), "Function.TestFunctionError")
        let encoded = try XCTUnwrap(post.trailer("Lambda-Runtime-Function-Error-Body"))
        let decoded = try XCTUnwrap(Data(base64Encoded: encoded), "trailer is not base64: \(encoded)")
        let body = try json(Array(decoded))
        XCTAssertEqual(body["errorType"] as? String, "TestFunctionError")
        XCTAssertEqual(body["errorMessage"] as? String, "boom: after a byte")
        XCTAssertNotNil(body["stackTrace"] as? [Any])
        XCTAssertTrue(server.posts(for: id).allSatisfy { !$0.path.hasSuffix("/error") }, "no /error after a byte was sent")
    }

    func testErrorBeforeAnyBytePostsToErrorEndpointAndLoopContinues() throws {
        try start()
        let failing = server.enqueue(event(["action": "throw-before"]))
        let following = server.enqueue(event(["action": "chunks", "chunks": ["still here"]]))
        let post = try completion(failing)
        XCTAssertTrue(post.rawHead.hasPrefix("POST /2018-06-01/runtime/invocation/\(failing)/error HTTP/1.1\r\n"), post.rawHead)
        XCTAssertEqual(post.header("Lambda-Runtime-Function-Error-Type"), "Function.TestFunctionError")
        XCTAssertEqual(post.header("Content-Type"), "application/json")
        XCTAssertEqual(post.header("Content-Length"), String(post.body.count))
        let body = try json(post.body)
        XCTAssertEqual(body["errorType"] as? String, "TestFunctionError")
        XCTAssertEqual(body["errorMessage"] as? String, "boom: before any byte")
        XCTAssertEqual((body["stackTrace"] as? [Any])?.count, 0)
        XCTAssertEqual(server.posts(for: failing).count, 1)
        XCTAssertEqual(try completion(following).bodyText, "still here")
        XCTAssertTrue(runtime!.isRunning)
    }

    func testFunctionURLPreludeAndSeparatorAreOwnChunksBeforeBodyOnceOnly() throws {
        try start()
        let id = server.enqueue(event(["action": "url"]))
        let post = try completion(id)
        XCTAssertEqual(post.header("Content-Type"), "application/vnd.awslambda.http-integration-response")
        XCTAssertEqual(post.header("Lambda-Runtime-Function-Response-Mode"), "streaming")
        let chunks = try XCTUnwrap(post.chunks)
        XCTAssertEqual(chunks.count, 4, "prelude, separator, body1, second write")
        let prelude = try json(chunks[0])
        XCTAssertEqual(prelude["statusCode"] as? Int, 201)
        XCTAssertEqual(prelude["headers"] as? [String: String], ["content-type": "text/plain", "x-test": "yes"])
        XCTAssertEqual(prelude["cookies"] as? [String], ["a=b; Path=/"])
        XCTAssertEqual(chunks[1], [UInt8](repeating: 0, count: 8))
        XCTAssertEqual(String(decoding: chunks[2], as: UTF8.self), "body1")
        // A second writeStatusAndHeaders threw instead of writing a second prelude.
        XCTAssertEqual(String(decoding: chunks[3], as: UTF8.self), "second-call-refused")
        // As a reader sees it: the body splits at the first 8 NULs into JSON and the payload.
        let whole = post.body
        let split = try XCTUnwrap((0...(whole.count - 8)).first { Array(whole[$0..<($0 + 8)]) == [UInt8](repeating: 0, count: 8) })
        XCTAssertEqual(try json(Array(whole[..<split]))["statusCode"] as? Int, 201)
        XCTAssertEqual(String(decoding: whole[(split + 8)...], as: UTF8.self), "body1second-call-refused")
    }

    func testHandlerReturningWithoutFinishOrWithoutWritingCompletesTheResponse() throws {
        try start()
        let unfinished = server.enqueue(event(["action": "no-finish"]))
        let empty = server.enqueue(event(["action": "nothing"]))
        let late = server.enqueue(event(["action": "write-after-finish"]))
        let after = server.enqueue(event(["action": "chunks", "chunks": ["alive"]]))

        let first = try completion(unfinished)
        XCTAssertEqual(first.chunks?.map { String(decoding: $0, as: UTF8.self) }, ["unfinished"])
        XCTAssertEqual(first.rawEnd, "0\r\n\r\n")

        let second = try completion(empty)
        XCTAssertEqual(second.header("Transfer-Encoding"), "chunked")
        XCTAssertEqual(second.chunks?.count, 0)
        XCTAssertEqual(second.rawEnd, "0\r\n\r\n")

        let third = try completion(late)
        XCTAssertEqual(third.bodyText, "done")
        XCTAssertEqual(third.rawEnd, "0\r\n\r\n", "the finished response stays clean; the late write only fails the handler")
        XCTAssertEqual(try completion(after).bodyText, "alive")
        XCTAssertEqual(server.posts(for: late).count, 1)
        XCTAssertTrue(runtime!.waitForStderr { $0.contains("already finished") }, runtime!.stderr)
        XCTAssertTrue(runtime!.isRunning)
    }

    // MARK: - Many invocations, errors, buffered

    func testManyInvocationsUseOneKeepAliveConnection() throws {
        try start()
        let ids = (0..<60).map { server.enqueue(event(["action": "chunks", "chunks": ["n\($0)"]])) }
        for (index, id) in ids.enumerated() {
            XCTAssertEqual(try completion(id).bodyText, "n\(index)")
        }
        XCTAssertEqual(server.connectionsAccepted, 1)
        XCTAssertEqual(Set(server.requests.map(\.connection)), [1])
        // 60 served plus the one that now waits for an event (it may still be on its way: wait for it).
        XCTAssertTrue(server.wait { $0.filter { $0.method == "GET" }.count == 61 }, "\(server.requests.count) requests")
        XCTAssertEqual(server.connectionsAccepted, 1)
    }

    func testHandlerThrowingOnEveryOtherCallKeepsServing() throws {
        try start()
        let ids = (0..<10).map { _ in server.enqueue(event(["action": "alternate"])) }
        var responses = 0, errors = 0
        for (index, id) in ids.enumerated() {
            let post = try completion(id)
            if index % 2 == 0 {
                XCTAssertTrue(post.path.hasSuffix("/response"), post.path)
                XCTAssertEqual(post.bodyText, "ok \(index + 1)")
                responses += 1
            } else {
                XCTAssertTrue(post.path.hasSuffix("/error"), post.path)
                XCTAssertEqual(try json(post.body)["errorMessage"] as? String, "boom: even call \(index + 1)")
                errors += 1
            }
        }
        XCTAssertEqual(responses, 5)
        XCTAssertEqual(errors, 5)
        XCTAssertTrue(runtime!.isRunning)
    }

    func testBufferedHandlerPostsWithContentLengthAndErrors() throws {
        try start("buffered")
        let id = server.enqueue("{\"x\":1}")
        let failing = server.enqueue("{\"fail\":true}")
        let post = try completion(id)
        XCTAssertEqual(post.header("Content-Length"), "12")
        XCTAssertNil(post.header("Transfer-Encoding"))
        XCTAssertNil(post.header("Lambda-Runtime-Function-Response-Mode"))
        XCTAssertEqual(post.bodyText, "echo:{\"x\":1}")
        let error = try completion(failing)
        XCTAssertTrue(error.path.hasSuffix("/\(failing)/error"))
        XCTAssertEqual(try json(error.body)["errorMessage"] as? String, "boom: buffered failure")
    }

    func testSixMegabyteBufferedResponseIsStreamedAndJustBelowIsBuffered() throws {
        try start("buffered")
        let limit = 6 * 1024 * 1024
        let below = server.enqueue("{\"size\":\(limit - 1)}")
        let atLimit = server.enqueue("{\"size\":\(limit)}")
        let expected = (0..<limit).map { UInt8(ascii: "a") + UInt8($0 % 26) }

        let small = try completion(below)
        XCTAssertEqual(small.header("Content-Length"), String(limit - 1))
        XCTAssertEqual(small.body, Array(expected[..<(limit - 1)]))

        let large = try completion(atLimit)
        XCTAssertNil(large.header("Content-Length"))
        XCTAssertEqual(large.header("Lambda-Runtime-Function-Response-Mode"), "streaming")
        XCTAssertEqual(large.header("Transfer-Encoding"), "chunked")
        XCTAssertGreaterThan(large.chunks?.count ?? 0, 1)
        XCTAssertEqual(large.body.count, limit)
        XCTAssertTrue(large.body == expected, "streamed bytes differ from the handler's")
        XCTAssertEqual(large.rawEnd, "0\r\n\r\n")
    }

    // MARK: - Init errors and fatal conditions

    func testInitErrorIsPostedAndProcessExitsNonZero() throws {
        let process = try start("init-error")
        let status = try XCTUnwrap(process.waitForExit(), "the runtime did not exit after an init error")
        XCTAssertNotEqual(status, 0)
        let requests = server.requests
        XCTAssertEqual(requests.count, 1, "only the init error, no /next: \(requests.map(\.path))")
        let post = try XCTUnwrap(requests.first)
        XCTAssertTrue(post.rawHead.hasPrefix("POST /2018-06-01/runtime/init/error HTTP/1.1\r\n"), post.rawHead)
        XCTAssertEqual(post.header("Lambda-Runtime-Function-Error-Type"), "Runtime.InitError")
        let body = try json(post.body)
        XCTAssertEqual(body["errorType"] as? String, "TestFunctionError")
        XCTAssertEqual(body["errorMessage"] as? String, "the test function was told to fail during init")
        XCTAssertTrue(process.stderr.contains("initialisation failed"), process.stderr)
    }

    func testServerClosingTheConnectionEndsTheRuntimeWithOneClearLine() throws {
        server.nextBehaviour = .close
        let process = try start()
        let status = try XCTUnwrap(process.waitForExit(), "the runtime kept running after the connection closed")
        XCTAssertNotEqual(status, 0)
        let lines = process.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, process.stderr)
        XCTAssertTrue(process.stderr.contains("closed the connection during GET /runtime/invocation/next"), process.stderr)
    }

    func testServerClosingAfterServingEventsEndsTheRuntime() throws {
        try start()
        let id = server.enqueue(event(["action": "chunks", "chunks": ["one"]]))
        XCTAssertEqual(try completion(id).bodyText, "one")
        // Wait until the runtime waits in /next on the kept-alive connection (a close while its
        // result is still being answered is another case: it only ends that invocation), then
        // close it and refuse new ones.
        XCTAssertTrue(server.wait { requests in requests.filter { $0.path.hasSuffix("/runtime/invocation/next") }.count >= 2 },
                      "the runtime did not ask for the next event")
        server.nextBehaviour = .close
        server.stop()
        let status = try XCTUnwrap(runtime!.waitForExit(), "the runtime kept running after the server went away")
        XCTAssertNotEqual(status, 0)
        XCTAssertEqual(runtime!.stderr.split(separator: "\n").count, 1, runtime!.stderr)
        XCTAssertTrue(runtime!.stderr.contains("Runtime API"), runtime!.stderr)
    }

    func testServerAnswering500EndsTheRuntime() throws {
        server.nextBehaviour = .status(500)
        let process = try start()
        let status = try XCTUnwrap(process.waitForExit())
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(process.stderr.contains("HTTP 500"), process.stderr)
        XCTAssertTrue(process.stderr.contains("fake failure"), process.stderr)
        XCTAssertEqual(process.stderr.split(separator: "\n").count, 1, process.stderr)
    }

    func testRefusedConnectionEndsTheRuntime() throws {
        let port = Paths.freePort()
        let process = try start(api: "127.0.0.1:\(port)")
        let status = try XCTUnwrap(process.waitForExit())
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(process.stderr.contains("refused"), process.stderr)
        XCTAssertTrue(process.stderr.contains("127.0.0.1:\(port)"), process.stderr)
    }

    func testMissingRuntimeAPIVariableIsExplained() throws {
        let result = try LambdaTestSupport.run(RuntimeProcess.executable, [], environment: ["AWS_LAMBDA_RUNTIME_API": ""])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("AWS_LAMBDA_RUNTIME_API is not set"), result.transcript)
    }

    func testHostNameInRuntimeAPIIsResolved() throws {
        try start(api: "localhost:\(server.port)")
        let id = server.enqueue(event(["action": "chunks", "chunks": ["by name"]]))
        let post = try completion(id)
        XCTAssertEqual(post.bodyText, "by name")
        XCTAssertEqual(post.header("Host"), "localhost:\(server.port)")
    }

    func testURLStyleRuntimeAPIWithPathPrefix() throws {
        // Some emulators (cargo-lambda) export `http://host:port/.rt`.
        try start(api: "http://127.0.0.1:\(server.port)/.rt")
        let id = server.enqueue(event(["action": "chunks", "chunks": ["prefixed"]]))
        let post = try completion(id)
        XCTAssertEqual(post.bodyText, "prefixed")
        XCTAssertTrue(post.rawHead.hasPrefix("POST /.rt/2018-06-01/runtime/invocation/\(id)/response HTTP/1.1\r\n"), post.rawHead)
        XCTAssertEqual(post.header("Host"), "127.0.0.1:\(server.port)")
        XCTAssertTrue(server.requests.first?.rawHead.hasPrefix("GET /.rt/2018-06-01/runtime/invocation/next ") == true)
    }

    // MARK: - Context, logs, concurrency

    func testContextCarriesHeadersEnvironmentAndTraceVariable() throws {
        try start()
        let id = server.enqueue(event(["action": "context"]), headers: [
            ("Lambda-Runtime-Trace-Id", "Root=1-abc-def;Parent=123;Sampled=1"),
            ("Lambda-Runtime-Client-Context", "{\"custom\":{\"k\":\"v\"}}"),
            ("Lambda-Runtime-Cognito-Identity", "{\"cognitoIdentityId\":\"id-1\"}"),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:test:live"),
            ("Lambda-Runtime-Deadline-Ms", "4102444800000"),
        ])
        let body = try json(try completion(id).body)
        XCTAssertEqual(body["requestID"] as? String, id)
        XCTAssertEqual(body["deadline"] as? Int, 4_102_444_800_000)
        XCTAssertEqual(body["arn"] as? String, "arn:aws:lambda:eu-west-1:123456789012:function:test:live")
        XCTAssertEqual(body["traceID"] as? String, "Root=1-abc-def;Parent=123;Sampled=1")
        XCTAssertEqual(body["traceEnv"] as? String, "Root=1-abc-def;Parent=123;Sampled=1")
        XCTAssertEqual(body["clientContext"] as? String, "{\"custom\":{\"k\":\"v\"}}")
        XCTAssertEqual(body["cognitoIdentity"] as? String, "{\"cognitoIdentityId\":\"id-1\"}")
        XCTAssertEqual(body["functionName"] as? String, "test-function")
        XCTAssertEqual(body["functionVersion"] as? String, "$LATEST")
        XCTAssertEqual(body["memory"] as? Int, 256)
        XCTAssertEqual(body["logGroup"] as? String, "/aws/lambda/test-function")
        XCTAssertEqual(body["logStream"] as? String, "2026/01/01/[$LATEST]abc")

        // A relative deadline (cargo-lambda style) becomes "now + value"; remaining time is positive.
        let relative = server.enqueue(event(["action": "context"]), headers: [("Lambda-Runtime-Deadline-Ms", "30000")])
        let second = try json(try completion(relative).body)
        XCTAssertEqual(second["remainingPositive"] as? Bool, true)
        XCTAssertEqual(second["traceEnv"] as? String, "", "_X_AMZN_TRACE_ID is cleared when an event has no trace id")
    }

    func testTextLogLinesCarryRequestIDAndLevel() throws {
        let process = try start()
        let id = server.enqueue(event(["action": "log"]))
        _ = try completion(id)
        XCTAssertTrue(process.waitForStderr { $0.contains("hello from the handler") }, process.stderr)
        let line = try XCTUnwrap(process.stderr.split(separator: "\n").first { $0.contains("hello from the handler") })
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(fields.count, 4, String(line))
        XCTAssertTrue(fields[0].hasSuffix("Z") && fields[0].contains("T"), fields[0])
        XCTAssertEqual(Array(fields[1...]), [id, "INFO", "hello from the handler"])
        XCTAssertFalse(process.stderr.contains("a debug line"))
    }

    func testJSONLogFormatWritesOneJSONObjectPerLine() throws {
        let process = try start(environment: ["AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"])
        let id = server.enqueue(event(["action": "log"]))
        let failing = server.enqueue(event(["action": "throw-before"]))
        _ = try completion(id)
        _ = try completion(failing)
        XCTAssertTrue(process.waitForStderr { $0.contains("invocation failed") }, process.stderr)
        let objects = try process.stderr.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
        let info = try XCTUnwrap(objects.first { $0["message"] as? String == "hello from the handler" })
        XCTAssertEqual(info["level"] as? String, "INFO")
        XCTAssertEqual(info["requestId"] as? String, id)
        XCTAssertNotNil(info["timestamp"] as? String)
        XCTAssertTrue(objects.contains { $0["message"] as? String == "a debug line" && $0["level"] as? String == "DEBUG" })
        let error = try XCTUnwrap(objects.first { ($0["message"] as? String)?.contains("invocation failed") == true })
        XCTAssertEqual(error["level"] as? String, "ERROR")
        XCTAssertEqual(error["requestId"] as? String, failing)
    }

    func testMaxConcurrencyServesInvocationsAtTheSameTime() throws {
        // The server hands out events only once three /next calls wait at once, and acknowledges
        // responses only once three wait at once: a runtime that served one at a time would stall.
        server.holdUntilOutstanding = 3
        server.holdPostsUntil = 3
        try start(environment: ["AWS_LAMBDA_MAX_CONCURRENCY": "3"])
        let ids = (0..<3).map { _ in server.enqueue(event(["action": "slow", "sleep_ms": 50])) }
        for id in ids {
            XCTAssertEqual(try completion(id).bodyText, "slow \(id)")
        }
        XCTAssertGreaterThanOrEqual(server.maxOutstandingNext, 3)
        XCTAssertEqual(server.connectionsAccepted, 3, "one keep-alive connection per concurrent worker")
        XCTAssertTrue(server.wait { $0.filter { $0.method == "POST" }.count == 3 })
        // Serving continues after the overlap.
        server.holdPostsUntil = 0
        let more = (0..<6).map { _ in server.enqueue(event(["action": "chunks", "chunks": ["again"]])) }
        for id in more { XCTAssertEqual(try completion(id).bodyText, "again") }
        XCTAssertTrue(runtime!.isRunning)
    }
}
