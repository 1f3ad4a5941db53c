import NIOConcurrencyHelpers

/// Backpressure between the Runtime API connection (the producer: the function's stream) and a
/// front's client connection (the consumer). Without it serve read as fast as the function wrote
/// and queued whatever a slow client had not taken yet: 150 MB to a 5 MB/s reader left serve at
/// 299 MB. The Runtime API side stops reading while more than `pauseAbove` bytes are on their way
/// to the client, so the function's writes block (as on Lambda) and serve's memory stays bounded.
/// The two sides run on different event loops, hence the lock.
final class FlowControl: Sendable {
    /// Bytes handed to a front but not yet written to its client's socket (nor dropped).
    private struct State {
        var inFlight = 0
        var resume: (@Sendable () -> Void)?
        var closed = false
    }

    static let pauseAbove = 1 << 20
    static let resumeBelow = 256 << 10

    private let state = NIOLockedValueBox(State())

    init() {}

    /// The producer hands `count` bytes to the front.
    func produced(_ count: Int) {
        state.withLockedValue { $0.inFlight = $0.inFlight.addingReportingOverflow(count).partialValue }
    }

    /// The front wrote (or dropped) `count` bytes; wakes the producer once the backlog is small.
    func delivered(_ count: Int) {
        let resume: (@Sendable () -> Void)? = state.withLockedValue {
            $0.inFlight = max(0, $0.inFlight - count)
            guard $0.inFlight <= Self.resumeBelow, let resume = $0.resume else { return nil }
            $0.resume = nil
            return resume
        }
        resume?()
    }

    /// True, and `resume` is kept to be called later, when the producer should stop reading now.
    func pauseIfBacklogged(resume: @escaping @Sendable () -> Void) -> Bool {
        state.withLockedValue {
            guard !$0.closed, $0.inFlight > Self.pauseAbove else { return false }
            $0.resume = resume
            return true
        }
    }

    /// The invocation ended: nothing more will be delivered, so the producer must not wait for it
    /// (it still has to read the rest of the function's request to answer it).
    func close() {
        let resume: (@Sendable () -> Void)? = state.withLockedValue { state in
            state.closed = true
            let resume = state.resume
            state.resume = nil
            return resume
        }
        resume?()
    }
}
