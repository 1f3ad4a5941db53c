import CLibzip
import Foundation

/// Writes zips through libzip so that Lambda sees exactly the modes lambdactl chose: every entry is
/// "made by" Unix with `mode << 16` external attributes, stamped with one fixed DOS time and written
/// in sorted order. The same inputs therefore give byte-identical zips whatever the files' mtimes,
/// the umask or `TZ`.
public struct ZipWriter: Sendable {
    /// Deflate level 1-9, 6 when `nil` (libzip's own default is 9: three times slower for about
    /// 0.5% less on a binary); 0 stores entries uncompressed.
    public var compressionLevel: Int?
    public var timestamp: DOSTimestamp

    public init(compressionLevel: Int? = nil, timestamp: DOSTimestamp = .epoch) {
        self.compressionLevel = compressionLevel
        self.timestamp = timestamp
    }

    /// Writes `entries` to `path`. libzip writes a temporary file beside `path` and renames it into
    /// place when complete, so a failure never leaves a partial zip at `path`.
    public func write(_ entries: [ZipEntrySource], to path: String) throws {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            throw ArchiveError.cannotWrite(path: path, reason: ZipReader.message(forCode: code))
        }
        var closed = false
        defer { if !closed { zip_discard(archive) } }

        for entry in entries.sorted(by: { Array($0.entryName.utf8).lexicographicallyPrecedes(Array($1.entryName.utf8)) }) {
            guard ZipReader.safeComponents(of: entry.entryName) != nil else { throw ArchiveError.invalidEntryName(entry.entryName) }
            let index: Int64
            switch entry.content {
            case .directory:
                index = zip_dir_add(archive, entry.entryName, ZIP_FL_ENC_UTF_8)
            case .file(let source):
                guard FileManager.default.isReadableFile(atPath: source) else {
                    throw ArchiveError.cannotRead(path: source, reason: "not readable")
                }
                guard let data = zip_source_file(archive, source, 0, -1) else {
                    throw ArchiveError.cannotRead(path: source, reason: String(cString: zip_strerror(archive)))
                }
                index = add(archive, entry.entryName, data)
            case .bytes(let bytes):
                index = add(archive, entry.entryName, try buffer(archive, bytes))
            case .symlink(let target):
                index = add(archive, entry.entryName, try buffer(archive, Array(target.utf8)))
            }
            guard index >= 0 else {
                throw ArchiveError.cannotWrite(path: path, reason: "adding \(entry.entryName): \(String(cString: zip_strerror(archive)))")
            }
            let position = zip_uint64_t(index)
            var ok = zip_file_set_external_attributes(archive, position, 0, UInt8(ZIP_OPSYS_UNIX), entry.unixMode << 16) == 0
            ok = ok && zip_file_set_dostime(archive, position, timestamp.time, timestamp.date, 0) == 0
            if case .directory = entry.content {} else {
                let level = compressionLevel ?? 6
                let method: Int32 = compressionLevel == 0 ? ZIP_CM_STORE : ZIP_CM_DEFLATE
                ok = ok && zip_set_file_compression(archive, position, method, zip_uint32_t(max(level, 0))) == 0
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

    private func add(_ archive: OpaquePointer, _ name: String, _ source: OpaquePointer) -> Int64 {
        let index = zip_file_add(archive, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)
        if index < 0 { zip_source_free(source) }
        return index
    }

    /// A libzip source owning a malloc'd copy of `bytes` (freed by libzip), since sources are read
    /// only at `zip_close`.
    private func buffer(_ archive: OpaquePointer, _ bytes: [UInt8]) throws -> OpaquePointer {
        let memory = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(memory), byteCount: bytes.count) }
        guard let source = zip_source_buffer(archive, memory, zip_uint64_t(bytes.count), 1) else {
            free(memory)
            throw ArchiveError.cannotWrite(path: "<memory>", reason: String(cString: zip_strerror(archive)))
        }
        return source
    }
}
