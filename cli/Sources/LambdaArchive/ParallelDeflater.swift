import CLibzip
import Foundation
import Synchronization

/// Deflates many entries on several threads without giving up libzip as the one writer of the final
/// archive: each worker adds the entries it claims to its own temporary zip and closes it (libzip
/// then reads and deflates them, streaming), and `ZipWriter` copies the compressed data from there.
///
/// Ownership: a worker's archive belongs to that worker's thread until `run` has joined them all;
/// after that, only the calling thread uses the archives (opened again read-only) until `discard`.
/// The one thing the threads share is `WorkQueue`, behind its lock.
final class ParallelDeflater {
    private let entries: [ZipEntrySource]
    private let indices: [Int]
    private let level: Int
    private let workers: Int
    private let paths: [String]
    private var readers: [OpaquePointer] = []

    init(entries: [ZipEntrySource], indices: [Int], level: Int, workers: Int, path: String) {
        self.entries = entries
        self.indices = indices
        self.level = level
        self.workers = workers
        paths = (0..<workers).map { "\(path).w\($0)" }
    }

    /// Deflates every entry of `indices`; returns, by position in `entries`, the read-only worker
    /// zip holding it and its index there. Throws the failure of the lowest-numbered failing entry,
    /// so the error does not depend on which thread met it first.
    func run() throws -> [Int: (zip: OpaquePointer, index: zip_uint64_t)] {
        let queue = WorkQueue(count: indices.count)
        let (entries, indices, level, paths) = (self.entries, self.indices, self.level, self.paths)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            Self.work(worker: worker, path: paths[worker], entries: entries, indices: indices, level: level, queue: queue)
        }
        let outcome = queue.outcome()
        if let failure = outcome.failures.min(by: { $0.key < $1.key }) { throw failure.value }

        for path in paths {
            var code: Int32 = 0
            guard let reader = zip_open(path, ZIP_RDONLY, &code) else {
                throw ArchiveError.cannotOpen(path: path, reason: ZipReader.message(forCode: code))
            }
            readers.append(reader)
        }
        var result: [Int: (zip: OpaquePointer, index: zip_uint64_t)] = [:]
        for (job, place) in outcome.placed {
            result[indices[job]] = (readers[place.worker], place.index)
        }
        return result
    }

    /// Closes the worker zips and removes their files (also after a failure).
    func discard() {
        for reader in readers { zip_discard(reader) }
        readers = []
        for path in paths { unlink(path) }
    }

    private static func work(worker: Int, path: String, entries: [ZipEntrySource], indices: [Int], level: Int, queue: WorkQueue) {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            queue.fail(job: 0, ArchiveError.cannotWrite(path: path, reason: ZipReader.message(forCode: code)))
            return
        }
        var claimed: [(job: Int, index: zip_uint64_t)] = []
        while let job = queue.claim() {
            let entry = entries[indices[job]]
            do {
                // Named by job number: unique, and never parsed as a path.
                let index = ZipWriter.add(archive, String(job), try ZipWriter.source(for: entry, in: archive))
                guard index >= 0, ZipWriter.setCompression(archive, zip_uint64_t(index), level: level) else {
                    throw ArchiveError.cannotWrite(path: path, reason: "adding \(entry.entryName): \(String(cString: zip_strerror(archive)))")
                }
                claimed.append((job, zip_uint64_t(index)))
            } catch {
                queue.fail(job: job, error)
            }
        }
        if claimed.isEmpty {
            zip_discard(archive)
            // An empty zip is not written at all; an empty one keeps `run`'s reopening simple.
            _ = FileManager.default.createFile(atPath: path, contents: Data(Self.emptyZip))
            return
        }
        guard zip_close(archive) == 0 else {
            let reason = String(cString: zip_strerror(archive))
            zip_discard(archive)
            queue.fail(job: claimed[0].job, ArchiveError.cannotWrite(path: path, reason: reason))
            return
        }
        queue.place(claimed.map { ($0.job, WorkQueue.Place(worker: worker, index: $0.index)) })
    }

    /// An end-of-central-directory record alone: a valid zip with no entries.
    private static let emptyZip: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
}

/// The jobs the workers claim one at a time (so a large file does not leave one thread with all
/// the rest), and what they report back; all of it behind one `Mutex`.
final class WorkQueue: Sendable {
    struct Place: Sendable { var worker: Int; var index: zip_uint64_t }

    private struct State {
        var next = 0
        var placed: [Int: Place] = [:]
        var failures: [Int: any Error] = [:]
    }

    private let count: Int
    private let state = Mutex(State())

    init(count: Int) { self.count = count }

    func claim() -> Int? {
        state.withLock { state in
            // After a failure the zip will not be written: stop handing out work.
            guard state.next < count, state.failures.isEmpty else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func fail(job: Int, _ error: any Error) { state.withLock { $0.failures[job] = error } }

    func place(_ jobs: [(Int, Place)]) { state.withLock { for (job, place) in jobs { $0.placed[job] = place } } }

    func outcome() -> (placed: [Int: Place], failures: [Int: any Error]) { state.withLock { ($0.placed, $0.failures) } }
}
