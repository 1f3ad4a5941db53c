// The function the LambdaRuntime tests run as a child process against their own Runtime API server.
// TEST_HANDLER picks the shape (streaming, buffered, init-error); for the streaming shape each
// event's "action" picks the behaviour, so one process can serve a mixed sequence of invocations.
import LambdaRuntime

enum TestFunctionError: Error, CustomStringConvertible {
    case boom(String)
    case initFailed

    var description: String {
        switch self {
        case let .boom(message): return "boom: \(message)"
        case .initFailed: return "the test function was told to fail during init"
        }
    }
}

/// Counts invocations so that "alternate" can fail on every other call. Unchecked: `value` is only
/// touched with the pthread mutex held (a plain pthread lock, as a function linking only the
/// runtime, the standard library and Glibc would write it).
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(lock, nil) }
    func next() -> Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        value += 1
        return value
    }
}

let counter = Counter()

func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

func streamingHandler(_ event: [UInt8], _ writer: any LambdaResponseStreamWriter, _ context: LambdaContext) async throws {
    let json = (try? JSONValue.parse(event)) ?? .object([])
    let action = json["action"]?.stringValue ?? env("TEST_HANDLER") ?? "chunks"
    switch action {
    case "chunks":
        for item in json["chunks"]?.arrayValue ?? [] {
            try await writer.write(item.stringValue ?? "")
        }
        try await writer.finish()
    case "content-type":
        try writer.setContentType(json["type"]?.stringValue ?? "application/x-ndjson")
        try await writer.write("typed\n")
        try await writer.finish()
    case "throw-before":
        throw TestFunctionError.boom("before any byte")
    case "throw-after":
        try await writer.write("partial")
        throw TestFunctionError.boom("after a byte")
    case "url":
        try await writer.writeStatusAndHeaders(
            statusCode: 201, headers: ["content-type": "text/plain", "x-test": "yes"], cookies: ["a=b; Path=/"])
        try await writer.write("body1")
        var refused = false
        do { try await writer.writeStatusAndHeaders(statusCode: 500, headers: [:], cookies: []) } catch { refused = true }
        try await writer.write(refused ? "second-call-refused" : "second-call-accepted")
        try await writer.finish()
    case "no-finish":
        try await writer.write("unfinished")
    case "nothing":
        return
    case "write-after-finish":
        try await writer.write("done")
        try await writer.finish()
        try await writer.write("too late")
    case "alternate":
        let n = counter.next()
        if n % 2 == 0 { throw TestFunctionError.boom("even call \(n)") }
        try await writer.write("ok \(n)")
    case "big-stream":
        // A long stream for the slow-reader test: `count` writes of `chunk` bytes.
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: json["chunk"]?.intValue ?? 65536)
        for _ in 0..<(json["count"]?.intValue ?? 16) { try await writer.write(chunk) }
        try await writer.finish()
    case "context":
        // Concurrency test: let the other invocations start before reading anything.
        if let pause = json["sleep_ms"]?.intValue { try await Task.sleep(for: .milliseconds(pause)) }
        let trace = env("_X_AMZN_TRACE_ID") ?? ""
        let remaining = context.remainingTimeMilliseconds
        let fields: [(String, JSONValue)] = [
            ("requestID", .string(context.requestID)),
            ("deadline", .number(Double(context.deadlineMilliseconds))),
            ("remainingPositive", .bool(remaining > 0 && remaining <= 60_000)),
            ("arn", .string(context.invokedFunctionARN)),
            ("traceID", .string(context.traceID ?? "")),
            ("traceEnv", .string(trace)),
            ("traceEnvSet", .bool(env("_X_AMZN_TRACE_ID") != nil)),
            ("clientContext", .string(context.clientContext ?? "")),
            ("cognitoIdentity", .string(context.cognitoIdentity ?? "")),
            ("functionName", .string(context.functionName)),
            ("functionVersion", .string(context.functionVersion)),
            ("memory", .number(Double(context.memoryLimitInMB))),
            ("logGroup", .string(context.logGroupName)),
            ("logStream", .string(context.logStreamName)),
        ]
        try await writer.write(JSONValue.object(fields).serialized)
    case "log":
        context.logger.info("hello from the handler")
        context.logger.debug("a debug line")
        try await writer.write("logged")
    case "slow":
        // Concurrency test: the server holds events until several /next calls are outstanding.
        try await Task.sleep(for: .milliseconds(json["sleep_ms"]?.intValue ?? 200))
        try await writer.write("slow \(context.requestID)")
    default:
        throw TestFunctionError.boom("unknown action \(action)")
    }
}

switch env("TEST_HANDLER") {
case "buffered":
    LambdaRuntime { (event: [UInt8], context: LambdaContext) async throws -> [UInt8] in
        let json = (try? JSONValue.parse(event)) ?? .object([])
        if let size = json["size"]?.intValue {
            // A large reply: a repeating alphabet so that the test can check every byte.
            return (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        }
        if json["fail"]?.boolValue == true { throw TestFunctionError.boom("buffered failure") }
        return Array("echo:".utf8) + event
    }.start()
case "init-error":
    LambdaRuntime(makeHandler: { (_: LambdaInitializationContext) async throws -> ClosureStreamingHandler in
        throw TestFunctionError.initFailed
    }).start()
default:
    LambdaRuntime { event, writer, context in
        try await streamingHandler(event, writer, context)
    }.start()
}
