/// A dedicated OS thread for the blocking `GET /next` of one worker when several invocations run at
/// once (`AWS_LAMBDA_MAX_CONCURRENCY` > 1). Blocking there keeps Swift's cooperative pool (one thread
/// per core) free for the handlers: N workers blocked in `recv` on pool threads would starve them.
/// With one worker the runtime blocks inline instead, which saves two thread hops per invocation.
final class BlockingIOThread: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending: (() -> Void)?

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        // An integer on glibc, a pointer (imported optional) on musl.
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t? = nil
        #endif
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { raw in
            Unmanaged<BlockingIOThread>.fromOpaque(raw!).takeRetainedValue().serve()
        }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        pthread_detach(thread!)
        #endif
    }

    private func serve() -> Never {
        while true {
            pthread_mutex_lock(mutex)
            while pending == nil { pthread_cond_wait(condition, mutex) }
            let job = pending!
            pending = nil
            pthread_mutex_unlock(mutex)
            job()
        }
    }

    /// Runs `body` on the thread and resumes the caller with its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            pthread_mutex_lock(mutex)
            pending = { continuation.resume(returning: body()) }
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
        }
    }
}

extension Optional where Wrapped == BlockingIOThread {
    /// Runs a blocking Runtime API call on the worker's thread when there is one (concurrent mode),
    /// inline otherwise. In concurrent mode every wait for the Runtime API (`/next`, the 202 after a
    /// response) happens off the cooperative pool, so a slow acknowledgement for one invocation
    /// cannot stall another invocation's handler.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws(LambdaRuntimeError) -> T) async throws(LambdaRuntimeError) -> T {
        guard let thread = self else { return try body() }
        return try await thread.run { () -> Result<T, LambdaRuntimeError> in
            do throws(LambdaRuntimeError) { return .success(try body()) } catch { return .failure(error) }
        }.get()
    }
}
