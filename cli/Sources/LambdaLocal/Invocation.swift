import Foundation
import NIOConcurrencyHelpers

/// One request for the function, from the moment a front accepts it until its `finished` event.
/// Events go to `sink` in the order they were produced (the lock orders producers on different
/// threads: the Runtime API connection, the timeout timer, the process reaper).
final class Invocation: @unchecked Sendable {
    let requestID: String
    let event: [UInt8]
    let traceID: String
    let clientContext: String?
    /// Set by a front that streams to its client; nil where the response is collected (Invoke,
    /// BUFFERED URL, `Event` invocations), which the size cap bounds instead.
    let flow: FlowControl?
    /// The most a front can take: 6 MB where it collects the response (a streaming function called
    /// through Invoke gets Lambda's buffered limit), 200 MB where it streams.
    let responseLimit: Int
    private let lock = NIOLock()
    private var sink: ((InvocationEvent) -> Void)?
    private var done = false
    private var started = false
    private var logLines: [String] = []

    /// Lambda's caps: "Response payload size exceeded maximum allowed payload size (N bytes)".
    static let bufferedLimit = 6_291_556
    static let streamLimit = 200 * 1024 * 1024

    init(event: [UInt8], clientContext: String? = nil, flow: FlowControl? = nil, sink: @escaping (InvocationEvent) -> Void) {
        requestID = UUID().uuidString.lowercased()
        self.event = event
        self.clientContext = clientContext
        self.flow = flow
        responseLimit = flow == nil ? Self.bufferedLimit : Self.streamLimit
        let epoch = String(UInt64(Date().timeIntervalSince1970), radix: 16)
        let random = (0..<24).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
        traceID = "Root=1-\(epoch)-\(random);Parent=\((0..<16).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined());Sampled=0"
        self.sink = sink
    }

    var isFinished: Bool { lock.withLock { done } }
    var hasStartedResponse: Bool { lock.withLock { started } }

    func appendLog(_ line: String) {
        lock.withLock { if !done { logLines.append(line) } }
    }

    /// The log so far, joined as CloudWatch would show it.
    var logText: String { lock.withLock { logLines.joined(separator: "\n") + (logLines.isEmpty ? "" : "\n") } }

    /// Returns false when the invocation already ended (a late post from a runtime after a timeout).
    @discardableResult
    func startResponse(contentType: String, streaming: Bool) -> Bool {
        lock.withLock {
            guard !done, !started else { return false }
            started = true
            sink?(.responseStarted(contentType: contentType, streaming: streaming))
            return true
        }
    }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        lock.withLock {
            guard !done else { return false }
            if !bytes.isEmpty {
                flow?.produced(bytes.count)
                sink?(.chunk(bytes))
            }
            return true
        }
    }

    /// Ends the invocation once; later calls return false and do nothing.
    @discardableResult
    func finish(error: FunctionError?, log finalLines: [String]) -> Bool {
        lock.withLock {
            guard !done else { return false }
            logLines += finalLines
            done = true
            let log = logLines.joined(separator: "\n") + "\n"
            sink?(.finished(error: error, log: log))
            sink = nil
            flow?.close()
            return true
        }
    }
}
