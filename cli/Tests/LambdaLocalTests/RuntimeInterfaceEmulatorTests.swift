import Foundation
import LambdaTestSupport
import XCTest

/// The runtime core (through the test function) and the python-stream template under AWS's own
/// Runtime Interface Emulator, compared with what `lambdactl serve` answers for the same function
/// and the same request through its Invoke front.
///
/// Where the two differ, RIE is the one that is wrong, for reasons that are RIE's own (see
/// test-stack.md) and that each test names:
/// - RIE buffers streamed responses (serve streams them; through Invoke both answer the whole body).
/// - RIE drops a mid-stream error's trailers and answers the partial body as a success; Lambda (and
///   serve) report the error with `X-Amz-Function-Error: Unhandled`.
/// - RIE answers function errors without `X-Amz-Function-Error` and init and size errors with 502,
///   where Lambda's Invoke API answers 200 with the header.
final class RuntimeInterfaceEmulatorTests: XCTestCase {
    private var emulators: [RuntimeInterfaceEmulator] = []
    private var servers: [ServeHarness] = []

    override func tearDown() {
        emulators.forEach { $0.stop() }
        servers.forEach { $0.stop() }
    }

    private var testFunction: String { Paths.productsDirectory.appendingPathComponent("LambdaRuntimeTestFunction").path }

    private func emulator(handler: String, maxConcurrency: Int? = nil) throws -> RuntimeInterfaceEmulator {
        let rie: RuntimeInterfaceEmulator
        if let maxConcurrency {
            // Managed-Instances mode only looks for /opt/bootstrap (or /var/runtime, /var/task).
            let opt = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: testFunction, toPath: opt.path + "/bootstrap")
            rie = try RuntimeInterfaceEmulator(command: ["/opt/bootstrap"], environment: ["TEST_HANDLER": handler],
                                               optOverlay: opt.path, maxConcurrency: maxConcurrency)
        } else {
            rie = try RuntimeInterfaceEmulator(command: [testFunction], environment: ["TEST_HANDLER": handler])
        }
        emulators.append(rie)
        return rie
    }

    /// serve runs the test function as a host process, as RIE does: the debug build links the Swift
    /// runtime from the toolchain under /opt, which serve's namespace would replace with the layers.
    private func serve(handler: String) throws -> ServeHarness {
        let server = try ServeHarness(["--binary", testFunction, "--name", "fn", "--env", "TEST_HANDLER=\(handler)", "--timeout", "30",
                                       "--isolation", "none"])
        servers.append(server)
        return server
    }

    private func invoke(_ server: ServeHarness, _ body: String) throws -> HTTPExchange {
        try HTTPExchange.post(server.base + "/2015-03-31/functions/fn/invocations", body: body)
    }

    func testBufferedAndStreamedAnswersAgree() throws {
        let rie = try emulator(handler: "buffered"), server = try serve(handler: "buffered")
        let fromRIE = try rie.invoke("{}"), fromServe = try invoke(server, "{}")
        XCTAssertEqual(fromRIE.status, 200, rie.log)
        XCTAssertEqual(fromRIE.body, "echo:{}")
        XCTAssertEqual(fromServe.status, 200)
        XCTAssertEqual(fromServe.body, fromRIE.body)

        let streamRIE = try emulator(handler: "chunks"), streamServe = try serve(handler: "chunks")
        let event = #"{"chunks":["one ","two ","three"]}"#
        let streamed = try streamRIE.invoke(event), served = try invoke(streamServe, event)
        XCTAssertEqual(streamed.status, 200, streamRIE.log)
        XCTAssertEqual(streamed.body, "one two three", "RIE buffers the stream but must receive every chunk")
        XCTAssertEqual(served.body, streamed.body)
        XCTAssertTrue(streamRIE.log.contains("Lambda-Runtime-Function-Response-Mode:[streaming]"), streamRIE.log)
    }

    func testErrorBeforeTheFirstByteIsTheSameReport() throws {
        let rie = try emulator(handler: "throw-before"), server = try serve(handler: "throw-before")
        let fromRIE = try rie.invoke("{}"), fromServe = try invoke(server, "{}")
        XCTAssertEqual(fromRIE.json?["errorType"] as? String, "TestFunctionError", fromRIE.body)
        XCTAssertEqual(fromRIE.json?["errorMessage"] as? String, "boom: before any byte")
        // RIE accepts the runtime's error type only in Lambda's Category.Reason form; otherwise it
        // logs Runtime.Unknown.
        XCTAssertTrue(rie.log.contains("Sending Error Response: Function.TestFunctionError"), rie.log)
        XCTAssertEqual(fromServe.header("X-Amz-Function-Error"), "Unhandled")
        XCTAssertEqual(fromServe.json?["errorType"] as? String, "TestFunctionError")
        XCTAssertEqual(fromServe.json?["errorMessage"] as? String, "boom: before any byte")
        XCTAssertNil(fromRIE.header("X-Amz-Function-Error"), "RIE sets no function-error header")
    }

    func testMidStreamErrorIsReportedByServeAndDroppedByRIE() throws {
        let rie = try emulator(handler: "throw-after"), server = try serve(handler: "throw-after")
        let fromRIE = try rie.invoke("{}"), fromServe = try invoke(server, "{}")
        // What the runtime sent is on RIE's wire log: the trailer with Lambda's error type.
        XCTAssertEqual(fromRIE.status, 200)
        XCTAssertEqual(fromRIE.body, "partial", "RIE answers the partial body and drops the trailers")
        XCTAssertEqual(fromServe.header("X-Amz-Function-Error"), "Unhandled")
        XCTAssertEqual(fromServe.json?["errorMessage"] as? String, "boom: after a byte", fromServe.body)
    }

    func testInitErrorReachesTheCallerWithItsMessage() throws {
        let rie = try emulator(handler: "init-error"), server = try serve(handler: "init-error")
        let fromRIE = try rie.invoke("{}"), fromServe = try invoke(server, "{}")
        XCTAssertEqual(fromRIE.status, 502, "RIE answers an init failure with 502")
        XCTAssertEqual(fromRIE.json?["errorMessage"] as? String, "the test function was told to fail during init", fromRIE.body)
        XCTAssertTrue(rie.log.contains("POST /2018-06-01/runtime/init/error"), rie.log)
        XCTAssertEqual(fromServe.header("X-Amz-Function-Error"), "Unhandled")
        // Lambda answers an invocation whose init failed with the error the runtime posted to
        // /runtime/init/error, not with the process's exit status.
        XCTAssertEqual(fromServe.json?["errorMessage"] as? String, fromRIE.json?["errorMessage"] as? String, fromServe.body)
        XCTAssertEqual(fromServe.json?["errorType"] as? String, fromRIE.json?["errorType"] as? String, fromServe.body)
    }

    func testOversizedBufferedAnswerIsRefusedAndTheRuntimeKeepsServing() throws {
        let rie = try emulator(handler: "buffered")
        let big = try rie.invoke(#"{"size":7000000}"#)
        // RIE answers Lambda's error body with 200 (it sets no X-Amz-Function-Error); it answered 502
        // only while the runtime exited on the 413.
        XCTAssertEqual(big.status, 200, rie.log.suffix(2000).description)
        XCTAssertEqual(big.json?["errorType"] as? String, "Function.ResponseSizeTooLarge", big.body)
        let next = try rie.invoke("{}")
        XCTAssertEqual(next.body, "echo:{}")
        // The runtime logs the 413 and goes on to /next: the same process serves the next event.
        XCTAssertEqual(rie.coldStarts, 1, "a 413 from the Runtime API must not end the runtime:\n\(rie.log.suffix(3000))")
        XCTAssertTrue(rie.log.contains("HTTP 413") && rie.log.contains("serving the next invocation"), rie.log.suffix(3000).description)

        let server = try serve(handler: "buffered")
        let fromServe = try invoke(server, #"{"size":7000000}"#)
        XCTAssertEqual(fromServe.header("X-Amz-Function-Error"), "Unhandled", "serve must refuse a 7 MB buffered answer as Lambda does")
        XCTAssertEqual(fromServe.json?["errorType"] as? String, "Function.ResponseSizeTooLarge", fromServe.body)
    }

    func testManagedInstancesModeRunsFourInvocationsAtOnce() throws {
        let rie = try emulator(handler: "slow", maxConcurrency: 4)
        // Four curl processes at once: no thread of this test blocks on another's answer.
        let clients = try (0..<4).map { _ in
            try TimedOutput("curl", ["-sS", "-m", "60", "--data-binary", #"{"action":"slow","sleep_ms":600}"#,
                                     "http://127.0.0.1:\(rie.port)/2015-03-31/functions/function/invocations"])
        }
        let answers = clients.map { client -> String in
            _ = client.wait(timeout: 60)
            return client.text
        }
        XCTAssertEqual(answers.filter { $0.hasPrefix("slow ") }.count, 4, "\(answers)\n\(rie.log.suffix(3000))")
        XCTAssertEqual(Set(answers).count, 4, "each invocation has its own request id")
        // All four started before the first one ended: they ran at once, in one process.
        let log = rie.log
        let starts = log.ranges(of: "START RequestId:").map(\.lowerBound)
        let firstEnd = try XCTUnwrap(log.range(of: "END RequestId:")?.lowerBound, log)
        XCTAssertEqual(starts.count, 4, log)
        XCTAssertTrue(starts.allSatisfy { $0 < firstEnd }, "invocations ran one after another:\n\(log)")
        XCTAssertEqual(log.components(separatedBy: "LocalProcessSupervisor.Exec").count - 1, 1, "one runtime process")
    }
}

/// The python-stream template (its bootstrap and runtime.py, unchanged) under RIE, with the Python
/// layer made of links to this machine's Python 3.11 at /opt and the code at /var/task.
final class PythonTemplateUnderRIETests: XCTestCase {
    private var emulator: RuntimeInterfaceEmulator?
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }

    override func tearDown() {
        emulator?.stop()
        directory?.remove()
    }

    /// Handlers that fail in the ways a streaming Python function can, next to the template's own.
    static let testHandlers = """
    def fail_before(event, context):
        raise ValueError("before any byte")
        yield b""

    def fail_after(event, context):
        yield b"partial\\n"
        raise ValueError("after a byte")

    def big(event, context):
        return "x" * 7_000_000
    """

    private func start(handler: String) throws -> RuntimeInterfaceEmulator {
        let task = directory.file("task")
        try FileManager.default.copyItem(atPath: Paths.repositoryRoot.appendingPathComponent("templates/python-stream").path, toPath: task)
        try Self.testHandlers.write(toFile: task + "/rie_handlers.py", atomically: true, encoding: .utf8)
        let layer = try PythonLayer.hostLinks(in: directory)
        let rie = try RuntimeInterfaceEmulator(command: ["/var/task/bootstrap"], environment: ["_HANDLER": handler],
                                               optOverlay: layer, task: task)
        emulator = rie
        return rie
    }

    func testStreamsTheSentenceAsJSONLines() throws {
        let rie = try start(handler: "lambda_function.lambda_handler")
        let answer = try rie.invoke(#"{"sentence":"under the emulator","delay_ms":1}"#)
        XCTAssertEqual(answer.status, 200, rie.log)
        let words = answer.body.split(separator: "\n").compactMap { Fixture.json(String($0))?["word"] as? String }
        XCTAssertEqual(words, ["under", "the", "emulator"], answer.body)
        XCTAssertTrue(rie.log.contains("Lambda-Runtime-Function-Response-Mode:[streaming]"), rie.log)
    }

    func testErrorsUseLambdasErrorTypeForm() throws {
        let rie = try start(handler: "rie_handlers.fail_before")
        let answer = try rie.invoke("{}")
        XCTAssertEqual(answer.json?["errorType"] as? String, "ValueError", answer.body)
        XCTAssertEqual(answer.json?["errorMessage"] as? String, "before any byte")
        XCTAssertTrue(rie.log.contains("Sending Error Response: Function.ValueError"),
                      "the error type header must be Category.Reason:\n\(rie.log.suffix(3000))")
    }

    func testMidStreamErrorSendsTrailers() throws {
        let rie = try start(handler: "rie_handlers.fail_after")
        let answer = try rie.invoke("{}")
        XCTAssertEqual(answer.body, "partial\n", "RIE answers the partial body and drops the trailers")
        let next = try rie.invoke("{}")
        XCTAssertEqual(next.body, "partial\n")
        XCTAssertEqual(rie.coldStarts, 1, "a mid-stream error must not end the runtime:\n\(rie.log.suffix(3000))")
    }

    func testInitErrorNamesTheMissingModule() throws {
        let rie = try start(handler: "missing_module.handler")
        let answer = try rie.invoke("{}")
        XCTAssertEqual(answer.status, 502, rie.log)
        XCTAssertEqual(answer.json?["errorType"] as? String, "Runtime.ImportModuleError", answer.body)
        XCTAssertTrue((answer.json?["errorMessage"] as? String ?? "").contains("missing_module"), answer.body)
    }

    func testOversizedAnswerIsRefusedAndTheRuntimeKeepsServing() throws {
        let rie = try start(handler: "rie_handlers.big")
        let big = try rie.invoke("{}")
        XCTAssertEqual(big.json?["errorType"] as? String, "Function.ResponseSizeTooLarge", big.body)
        _ = try rie.invoke("{}")
        XCTAssertEqual(rie.coldStarts, 1, "a 413 from the Runtime API must not end the runtime:\n\(rie.log.suffix(3000))")
    }
}
