import Synchronization

/// Jobs numbered 0..<count that worker threads claim one at a time (so a large file does not leave
/// one thread with all the rest), and what they report back: an outcome per job, or a failure.
/// All of it behind one `Mutex`. With `stopsAtFailure`, a failure ends the handing out of work
/// (the zip being written will not be kept anyway).
final class WorkQueue<Outcome: Sendable>: Sendable {
    private struct State {
        var next = 0
        var placed: [Int: Outcome] = [:]
        var failures: [Int: any Error] = [:]
    }

    private let count: Int
    private let stopsAtFailure: Bool
    private let state = Mutex(State())

    init(count: Int, stopsAtFailure: Bool = true) {
        self.count = count
        self.stopsAtFailure = stopsAtFailure
    }

    func claim() -> Int? {
        state.withLock { state in
            guard state.next < count, !(stopsAtFailure && !state.failures.isEmpty) else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func fail(job: Int, _ error: any Error) { state.withLock { $0.failures[job] = error } }

    func place(_ jobs: [(Int, Outcome)]) { state.withLock { for (job, outcome) in jobs { $0.placed[job] = outcome } } }

    func outcome() -> (placed: [Int: Outcome], failures: [Int: any Error]) { state.withLock { ($0.placed, $0.failures) } }
}
