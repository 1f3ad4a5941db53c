import CLibzip
import CZlib
import Foundation

/// Deflates many entries on several threads without giving up libzip as the one writer of the final
/// archive: each worker deflates the entries it claims with zlib, exactly as libzip would (raw
/// deflate, the same level, a 32 KiB window, memory level 9), into its own spill file, and
/// `ZipWriter` hands libzip each result through a `DeflatedEntrySource`, which libzip copies unchanged.
///
/// Why not libzip in the workers (a temporary zip each, copied with `zip_source_zip`): for 5,000
/// small files that cost more than the deflating itself (a new zlib state of 400 KiB per entry,
/// a file reopened through stdio, headers written twice with a seek between, then a whole second
/// pass reading the temporary zips), and `package --dir` was 1.4 times slower than Info-ZIP's zip.
/// A worker here keeps one zlib state (`deflateReset` between entries) and two 64 KiB buffers.
///
/// Ownership: each worker's spill file descriptor is used by that worker's thread only until
/// `run` has joined them all; after that, by the calling thread only (through the sources),
/// until `discard`. The one thing the threads share is `WorkQueue`, behind its lock.
final class ParallelDeflater {
    /// Where one deflated entry's bytes lie in its worker's spill file, and what the zip's headers
    /// must say of it.
    struct Deflated: Sendable {
        var worker: Int
        var offset: UInt64
        var compressedSize: UInt64
        var size: UInt64
        var crc: UInt32
    }

    private let entries: [ZipEntrySource]
    private let indices: [Int]
    private let level: Int
    private let paths: [String]
    private var descriptors: [Int32] = []

    /// The size of the read and the write buffer of each worker.
    static let bufferSize = 64 * 1024

    init(entries: [ZipEntrySource], indices: [Int], level: Int, workers: Int, path: String) {
        self.entries = entries
        self.indices = indices
        self.level = level
        paths = (0..<workers).map { "\(path).w\($0)" }
    }

    /// Deflates every entry of `indices`; returns, by position in `entries`, where its bytes are.
    /// Throws the failure of the lowest-numbered failing entry, so the error does not depend on
    /// which thread met it first.
    func run() throws -> [Int: Deflated] {
        for path in paths {
            let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw ArchiveError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            descriptors.append(descriptor)
        }
        let queue = WorkQueue<Deflated>(count: indices.count)
        let (entries, indices, level, paths, descriptors) = (self.entries, self.indices, self.level, self.paths, self.descriptors)
        DispatchQueue.concurrentPerform(iterations: paths.count) { worker in
            Self.work(worker: worker, spill: descriptors[worker], path: paths[worker], entries: entries, indices: indices, level: level, queue: queue)
        }
        let outcome = queue.outcome()
        if let failure = outcome.failures.min(by: { $0.key < $1.key }) { throw failure.value }
        var result: [Int: Deflated] = [:]
        for (job, deflated) in outcome.placed { result[indices[job]] = deflated }
        return result
    }

    /// A libzip source that copies `entry`'s deflated bytes into `archive` as they are.
    func source(for entry: Deflated, in archive: OpaquePointer) throws -> OpaquePointer {
        guard let source = DeflatedEntrySource.make(in: archive, descriptor: descriptors[entry.worker], entry: entry, level: level) else {
            throw ArchiveError.cannotWrite(path: paths[entry.worker], reason: String(cString: zip_strerror(archive)))
        }
        return source
    }

    /// Closes and removes the spill files (also after a failure). Call it only once libzip no
    /// longer reads the sources: after `zip_close` or `zip_discard`.
    func discard() {
        for descriptor in descriptors { close(descriptor) }
        descriptors = []
        for path in paths { unlink(path) }
    }

    private static func work(worker: Int, spill: Int32, path: String, entries: [ZipEntrySource], indices: [Int], level: Int, queue: WorkQueue<Deflated>) {
        var stream = z_stream()
        guard deflateInit2_(&stream, Int32(level), Z_DEFLATED, -MAX_WBITS, MAX_MEM_LEVEL, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            queue.fail(job: 0, ArchiveError.cannotWrite(path: path, reason: "zlib cannot start: \(stream.msg.map { String(cString: $0) } ?? "out of memory")"))
            return
        }
        defer { deflateEnd(&stream) }
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferSize)
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferSize)
        defer {
            input.deallocate()
            output.deallocate()
        }
        var written: UInt64 = 0
        var placed: [(Int, Deflated)] = []
        while let job = queue.claim() {
            do {
                let offset = written
                let (size, crc) = try deflate(entries[indices[job]], with: &stream, input: input, output: output) { bytes, count in
                    try writeAll(spill, bytes, count, path: path)
                    written += UInt64(count)
                }
                placed.append((job, Deflated(worker: worker, offset: offset, compressedSize: written - offset, size: size, crc: crc)))
            } catch {
                queue.fail(job: job, error)
            }
        }
        queue.place(placed)
    }

    /// Deflates one entry's bytes as one raw deflate stream, handing each piece of output to
    /// `emit`; returns the uncompressed size and CRC-32 that the zip's headers need.
    private static func deflate(_ entry: ZipEntrySource, with stream: inout z_stream, input: UnsafeMutablePointer<UInt8>,
                                output: UnsafeMutablePointer<UInt8>,
                                emit: (UnsafePointer<UInt8>, Int) throws -> Void) throws -> (size: UInt64, crc: UInt32) {
        guard deflateReset(&stream) == Z_OK else { throw ArchiveError.cannotWrite(path: entry.entryName, reason: "zlib cannot restart") }
        var size: UInt64 = 0
        var crc = crc32(0, nil, 0)
        func push(_ bytes: UnsafePointer<UInt8>?, _ count: Int, finish: Bool) throws {
            crc = count > 0 ? crc32(crc, bytes, uInt(count)) : crc
            size += UInt64(count)
            stream.next_in = UnsafeMutablePointer(mutating: bytes)
            stream.avail_in = uInt(count)
            while true {
                stream.next_out = output
                stream.avail_out = uInt(bufferSize)
                let status = CZlib.deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw ArchiveError.cannotWrite(path: entry.entryName, reason: "zlib failed (\(status))")
                }
                let produced = bufferSize - Int(stream.avail_out)
                if produced > 0 { try emit(output, produced) }
                if finish ? (status == Z_STREAM_END) : (stream.avail_in == 0 && stream.avail_out > 0) { return }
                // No progress with room to spare: zlib has nothing more to give (not expected).
                if produced == 0 && status == Z_BUF_ERROR {
                    throw ArchiveError.cannotWrite(path: entry.entryName, reason: "zlib stopped before the end of the stream")
                }
            }
        }
        switch entry.content {
        case .file(let source):
            try read(source, into: input) { count in try push(input, count, finish: false) }
        case .bytes(let bytes):
            try bytes.withUnsafeBufferPointer { try push($0.baseAddress, $0.count, finish: false) }
        case .symlink(let target):
            try Array(target.utf8).withUnsafeBufferPointer { try push($0.baseAddress, $0.count, finish: false) }
        case .directory:
            break
        }
        try push(nil, 0, finish: true)
        return (size, UInt32(truncatingIfNeeded: crc))
    }

    /// Reads the regular file `path` to its end in `bufferSize` pieces. A FIFO or device put in a
    /// file's place after the folder was walked is refused (`RegularFile`), not blocked on.
    private static func read(_ path: String, into buffer: UnsafeMutablePointer<UInt8>, _ consume: (Int) throws -> Void) throws {
        let descriptor: Int32
        switch RegularFile.open(path) {
        case .success(let file): descriptor = file.descriptor
        case .failure(.cannotOpen(let reason)): throw ArchiveError.cannotRead(path: path, reason: reason)
        case .failure(.notRegular): throw ArchiveError.cannotRead(path: path, reason: "not a regular file")
        }
        defer { close(descriptor) }
        while true {
            let count = Glibc.read(descriptor, buffer, bufferSize)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw ArchiveError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 { return }
            try consume(count)
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int, path: String) throws {
        var done = 0
        while done < count {
            let result = write(descriptor, bytes + done, count - done)
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw ArchiveError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            done += result
        }
    }
}
