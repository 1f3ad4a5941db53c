import CLibzip
import Glibc

/// A libzip source for one entry that a `ParallelDeflater` worker already deflated: it serves the
/// compressed bytes from the worker's spill file and states their method, size and CRC, so that
/// `zip_close` copies them unchanged (libzip recompresses only when the method differs) and writes
/// the headers from these figures.
///
/// libzip owns the object once `make` returns: it is retained for the source and released when
/// libzip frees the source (`ZIP_SOURCE_FREE`). It is used on the thread that closes the archive only.
final class DeflatedEntrySource {
    private let descriptor: Int32
    private let entry: ParallelDeflater.Deflated
    private let level: Int
    private var position: UInt64 = 0
    private var error = zip_error_t()

    private init(descriptor: Int32, entry: ParallelDeflater.Deflated, level: Int) {
        self.descriptor = descriptor
        self.entry = entry
        self.level = level
        zip_error_init(&error)
    }

    deinit { zip_error_fini(&error) }

    /// A libzip source over `entry`, read with `pread` from `descriptor` (which must stay open until
    /// the archive is closed or discarded); `nil` when libzip cannot make one.
    static func make(in archive: OpaquePointer, descriptor: Int32, entry: ParallelDeflater.Deflated, level: Int) -> OpaquePointer? {
        let context = Unmanaged.passRetained(DeflatedEntrySource(descriptor: descriptor, entry: entry, level: level))
        guard let source = zip_source_function(archive, callback, context.toOpaque()) else {
            context.release()
            return nil
        }
        return source
    }

    private static let callback: zip_source_callback = { context, data, length, command in
        let source = Unmanaged<DeflatedEntrySource>.fromOpaque(context!).takeUnretainedValue()
        return source.handle(data, length, command)
    }

    /// The commands a source that can be read once from the start answers (libzip asks first).
    private static let supported: zip_int64_t = [
        ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
        ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_GET_FILE_ATTRIBUTES,
    ].reduce(0) { $0 | (zip_int64_t(1) << zip_int64_t($1.rawValue)) }

    private func handle(_ data: UnsafeMutableRawPointer?, _ length: zip_uint64_t, _ command: zip_source_cmd_t) -> zip_int64_t {
        switch command {
        case ZIP_SOURCE_OPEN:
            position = 0
            return 0
        case ZIP_SOURCE_READ:
            guard let data else { return fail(ZIP_ER_INVAL, 0) }
            let wanted = min(length, entry.compressedSize - position)
            if wanted == 0 { return 0 }
            while true {
                let count = pread(descriptor, data, Int(wanted), off_t(entry.offset + position))
                if count < 0 && errno == EINTR { continue }
                if count < 0 { return fail(ZIP_ER_READ, errno) }
                // The spill file was written by this process; a short file is damage, not EOF.
                if count == 0 { return fail(ZIP_ER_EOF, 0) }
                position += UInt64(count)
                return zip_int64_t(count)
            }
        case ZIP_SOURCE_CLOSE:
            return 0
        case ZIP_SOURCE_STAT:
            guard let data, length >= MemoryLayout<zip_stat_t>.size else { return fail(ZIP_ER_INVAL, 0) }
            let stat = data.assumingMemoryBound(to: zip_stat_t.self)
            zip_stat_init(stat)
            stat.pointee.valid = zip_uint64_t(ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD)
            stat.pointee.size = entry.size
            stat.pointee.comp_size = entry.compressedSize
            stat.pointee.comp_method = zip_uint16_t(ZIP_CM_DEFLATE)
            stat.pointee.encryption_method = zip_uint16_t(ZIP_EM_NONE)
            stat.pointee.crc = entry.crc
            return zip_int64_t(MemoryLayout<zip_stat_t>.size)
        case ZIP_SOURCE_GET_FILE_ATTRIBUTES:
            guard let data, length >= MemoryLayout<zip_file_attributes_t>.size else { return fail(ZIP_ER_INVAL, 0) }
            // What libzip's own deflate source states: version 2.0, and the level in general
            // purpose bits 1-2 (APPNOTE 4.4.4), so the bytes equal those of a libzip-only pass.
            let attributes = data.assumingMemoryBound(to: zip_file_attributes_t.self)
            attributes.pointee.valid |= zip_uint64_t(ZIP_FILE_ATTRIBUTES_VERSION_NEEDED | ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS)
            attributes.pointee.version_needed = 20
            attributes.pointee.general_purpose_bit_mask = Self.allowedGeneralPurposeBits
            attributes.pointee.general_purpose_bit_flags = level < 3 ? 2 << 1 : (level > 7 ? 1 << 1 : 0)
            return zip_int64_t(MemoryLayout<zip_file_attributes_t>.size)
        case ZIP_SOURCE_ERROR:
            return zip_error_to_data(&error, data, length)
        case ZIP_SOURCE_FREE:
            Unmanaged.passUnretained(self).release()
            return 0
        case ZIP_SOURCE_SUPPORTS:
            return Self.supported
        default:
            return fail(ZIP_ER_OPNOTSUPP, 0)
        }
    }

    /// `ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS_ALLOWED_MASK` of libzip's private zipint.h:
    /// the general purpose bits a source may set.
    private static let allowedGeneralPurposeBits: zip_uint16_t = 0x0836

    private func fail(_ code: Int32, _ system: Int32) -> zip_int64_t {
        zip_error_set(&error, code, system)
        return -1
    }
}
