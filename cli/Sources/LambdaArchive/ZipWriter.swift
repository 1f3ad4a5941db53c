import CLibzip
import Foundation

/// Writes zips through libzip so that Lambda sees exactly the modes lambdactl chose: every entry is
/// "made by" Unix with `mode << 16` external attributes, stamped with one fixed DOS time and written
/// in sorted order. The same inputs therefore give byte-identical zips whatever the files' mtimes,
/// the umask, `TZ` or the number of workers.
///
/// Memory stays bounded whatever the input size: libzip reads each file lazily, in 8 KiB blocks, when
/// the archive is closed, and deflates it as a stream. With more than one worker, entries are
/// deflated in parallel with zlib, as libzip would, into one spill file per worker
/// (`ParallelDeflater`); libzip then copies the compressed data unchanged (`DeflatedEntrySource`),
/// so the bytes are those a single libzip pass writes.
public struct ZipWriter: Sendable {
    /// Deflate level 1-9, 6 when `nil` (libzip's own default is 9: three times slower for about
    /// 0.5% less on a binary); 0 stores entries uncompressed.
    public var compressionLevel: Int?
    public var timestamp: DOSTimestamp
    /// Threads that deflate entries; `nil` uses up to two of the machine's cores (more rarely pays:
    /// the final copy and the reading of inputs are serial).
    public var workers: Int?

    public init(compressionLevel: Int? = nil, timestamp: DOSTimestamp = .epoch, workers: Int? = nil) {
        self.compressionLevel = compressionLevel
        self.timestamp = timestamp
        self.workers = workers
    }

    /// Writes `entries` to `path`. libzip writes a temporary file beside `path` and renames it into
    /// place when complete, so a failure never leaves a partial zip at `path`; the workers' spill
    /// files (`path.wN`) are removed before this returns.
    public func write(_ entries: [ZipEntrySource], to path: String) throws {
        let sorted = entries.sorted(by: { $0.entryName.utf8.lexicographicallyPrecedes($1.entryName.utf8) })
        for entry in sorted {
            guard ZipReader.safeComponents(of: entry.entryName) != nil else { throw ArchiveError.invalidEntryName(entry.entryName) }
            if case .file(let source) = entry.content, !FileManager.default.isReadableFile(atPath: source) {
                throw ArchiveError.cannotRead(path: source, reason: "not readable")
            }
        }
        let level = compressionLevel ?? 6
        let deflated = level == 0 ? [] : sorted.indices.filter { sorted[$0].content != .directory }
        let threads = min(workers ?? min(2, ProcessInfo.processInfo.activeProcessorCount), deflated.count)

        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            throw ArchiveError.cannotWrite(path: path, reason: ZipReader.message(forCode: code))
        }
        var closed = false
        // Declared before the archive's own cleanup, so it runs after it: libzip reads the
        // workers' spill files until the archive is closed or discarded.
        var deflater: ParallelDeflater?
        defer { deflater?.discard() }
        defer { if !closed { zip_discard(archive) } }

        // Entries already deflated by the workers, by position in `sorted`.
        var compressed: [Int: ParallelDeflater.Deflated] = [:]
        if threads > 1 {
            let parallel = ParallelDeflater(entries: sorted, indices: deflated, level: level, workers: threads, path: path)
            deflater = parallel
            compressed = try parallel.run()
        }

        for (position, entry) in sorted.enumerated() {
            let index: Int64
            if let done = compressed[position], let deflater {
                // Already deflated: libzip copies the bytes without inflating them again.
                index = Self.add(archive, entry.entryName, try deflater.source(for: done, in: archive))
            } else {
                switch entry.content {
                case .directory:
                    index = zip_dir_add(archive, entry.entryName, ZIP_FL_ENC_UTF_8)
                case .file, .bytes, .symlink:
                    index = Self.add(archive, entry.entryName, try Self.source(for: entry, in: archive))
                }
            }
            guard index >= 0 else {
                throw ArchiveError.cannotWrite(path: path, reason: "adding \(entry.entryName): \(String(cString: zip_strerror(archive)))")
            }
            let position = zip_uint64_t(index)
            var ok = zip_file_set_external_attributes(archive, position, 0, UInt8(ZIP_OPSYS_UNIX), entry.unixMode << 16) == 0
            ok = ok && zip_file_set_dostime(archive, position, timestamp.time, timestamp.date, 0) == 0
            if entry.content != .directory {
                ok = ok && Self.setCompression(archive, position, level: level)
            }
            guard ok else {
                throw ArchiveError.cannotWrite(path: path, reason: "setting attributes of \(entry.entryName): \(String(cString: zip_strerror(archive)))")
            }
        }
        guard zip_close(archive) == 0 else {
            throw ArchiveError.cannotWrite(path: path, reason: String(cString: zip_strerror(archive)))
        }
        closed = true
    }

    /// Deflate at `level`, or store at level 0; the same call for the workers' zips and the final
    /// one, so that libzip sees an unchanged method and copies the workers' data as it is.
    static func setCompression(_ archive: OpaquePointer, _ index: zip_uint64_t, level: Int) -> Bool {
        let method: Int32 = level == 0 ? ZIP_CM_STORE : ZIP_CM_DEFLATE
        return zip_set_file_compression(archive, index, method, zip_uint32_t(max(level, 0))) == 0
    }

    /// The libzip source for a file, bytes or a symlink's target; a file is only opened and read
    /// when the archive is closed.
    static func source(for entry: ZipEntrySource, in archive: OpaquePointer) throws -> OpaquePointer {
        switch entry.content {
        case .file(let source):
            guard let data = zip_source_file(archive, source, 0, -1) else {
                throw ArchiveError.cannotRead(path: source, reason: String(cString: zip_strerror(archive)))
            }
            return data
        case .bytes(let bytes):
            return try buffer(archive, bytes)
        case .symlink(let target):
            return try buffer(archive, Array(target.utf8))
        case .directory:
            return try buffer(archive, [])
        }
    }

    static func add(_ archive: OpaquePointer, _ name: String, _ source: OpaquePointer) -> Int64 {
        let index = zip_file_add(archive, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)
        if index < 0 { zip_source_free(source) }
        return index
    }

    /// A libzip source owning a malloc'd copy of `bytes` (freed by libzip), since sources are read
    /// only at `zip_close`.
    static func buffer(_ archive: OpaquePointer, _ bytes: [UInt8]) throws -> OpaquePointer {
        guard let memory = malloc(max(bytes.count, 1)) else {
            throw ArchiveError.cannotWrite(path: "<memory>", reason: "out of memory")
        }
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(memory), byteCount: bytes.count) }
        guard let source = zip_source_buffer(archive, memory, zip_uint64_t(bytes.count), 1) else {
            free(memory)
            throw ArchiveError.cannotWrite(path: "<memory>", reason: String(cString: zip_strerror(archive)))
        }
        return source
    }
}
