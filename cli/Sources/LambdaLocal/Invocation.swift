import Foundation
import NIOConcurrencyHelpers

/// One request for the function, from the moment a front accepts it until its `finished` event.
/// Events go to `sink` in the order they were produced: the lock orders producers on different
/// threads (the Runtime API connection, the timeout timer, the process reaper), and the sink is
/// called while it is held.
final class Invocation: Sendable {
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
    private struct State {
        var sink: (@Sendable (InvocationEvent) -> Void)?
        var done = false
        var started = false
        var logLines: [String] = []
    }

    private let state: NIOLockedValueBox<State>

    /// Lambda's caps: "Response payload size exceeded maximum allowed payload size (N bytes)".
    static let bufferedLimit = 6_291_556
    static let streamLimit = 200 * 1024 * 1024

    /// A request ID as Lambda's look: a lowercase UUID.
    static func newRequestID() -> String { UUID().uuidString.lowercased() }

    init(requestID: String = Invocation.newRequestID(), event: [UInt8], clientContext: String? = nil, flow: FlowControl? = nil,
         sink: @escaping @Sendable (InvocationEvent) -> Void) {
        self.requestID = requestID
        self.event = event
        self.clientContext = clientContext
        self.flow = flow
        responseLimit = flow == nil ? Self.bufferedLimit : Self.streamLimit
        let epoch = String(UInt64(Date().timeIntervalSince1970), radix: 16)
        let random = (0..<24).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
        traceID = "Root=1-\(epoch)-\(random);Parent=\((0..<16).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined());Sampled=0"
        state = NIOLockedValueBox(State(sink: sink))
    }

    var isFinished: Bool { state.withLockedValue { $0.done } }
    var hasStartedResponse: Bool { state.withLockedValue { $0.started } }

    func appendLog(_ line: String) {
        state.withLockedValue { if !$0.done { $0.logLines.append(line) } }
    }

    /// The log so far, joined as CloudWatch would show it.
    var logText: String {
        state.withLockedValue { $0.logLines.joined(separator: "\n") + ($0.logLines.isEmpty ? "" : "\n") }
    }

    /// Returns false when the invocation already ended (a late post from a runtime after a timeout).
    @discardableResult
    func startResponse(contentType: String, streaming: Bool) -> Bool {
        state.withLockedValue { state in
            guard !state.done, !state.started else { return false }
            state.started = true
            state.sink?(.responseStarted(contentType: contentType, streaming: streaming))
            return true
        }
    }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        state.withLockedValue { state in
            guard !state.done else { return false }
            if !bytes.isEmpty {
                flow?.produced(bytes.count)
                state.sink?(.chunk(bytes))
            }
            return true
        }
    }

    /// Ends the invocation once; later calls return false and do nothing.
    @discardableResult
    func finish(error: FunctionError?, log finalLines: [String]) -> Bool {
        state.withLockedValue { state in
            guard !state.done else { return false }
            state.logLines += finalLines
            state.done = true
            let log = state.logLines.joined(separator: "\n") + "\n"
            state.sink?(.finished(error: error, log: log))
            state.sink = nil
            flow?.close()
            return true
        }
    }
}
