import CLibzip
import Dispatch

/// Reads every entry of a zip to its end, as `ZipReader.forEachChunk` does (CRC, declared size,
/// nothing kept), on up to two threads: checking a package's data is most of `doctor`'s time and
/// a fifth of `package`'s, and entries are independent.
///
/// Ownership: a libzip archive is not safe to share between threads, so each thread opens its own
/// read-only handle on the file and discards it before `verify` returns. The one thing the threads
/// share is the `WorkQueue`, behind its lock.
enum ZipDataVerifier {
    /// What reading one entry found: the error that stopped it, if any, and its first bytes (up to
    /// 4, enough for the ELF magic), which the error does not undo.
    struct Verdict: Sendable {
        var error: (any Error)?
        var head: [UInt8]
    }

    /// Entries per thread below which a second thread does not pay for its own open of the zip.
    static let entriesPerThread = 256

    /// Verdicts for `entries` (of the zip at `path`), in their order.
    static func verify(zipAt path: String, entries: [ZipEntryInfo], workers: Int) -> [Verdict] {
        let threads = max(1, min(workers, entries.count / entriesPerThread))
        let queue = WorkQueue<Verdict>(count: entries.count, stopsAtFailure: false)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var code: Int32 = 0
            guard let archive = zip_open(path, ZIP_RDONLY, &code) else {
                // The zip opened a moment ago: report it on every entry this thread claims.
                let error = ArchiveError.cannotOpen(path: path, reason: ZipReader.message(forCode: code))
                while let job = queue.claim() { queue.place([(job, Verdict(error: error, head: []))]) }
                return
            }
            defer { zip_discard(archive) }
            var done: [(Int, Verdict)] = []
            while let job = queue.claim() {
                var verdict = Verdict(error: nil, head: [])
                do {
                    try ZipReader.read(entries[job], of: archive, at: path, upTo: nil) { chunk in
                        if verdict.head.count < 4 { verdict.head += chunk.prefix(4 - verdict.head.count) }
                    }
                } catch {
                    verdict.error = error
                }
                done.append((job, verdict))
            }
            queue.place(done)
        }
        let placed = queue.outcome().placed
        return entries.indices.map { placed[$0] ?? Verdict(error: ArchiveError.cannotRead(path: path, reason: "not read"), head: []) }
    }
}
