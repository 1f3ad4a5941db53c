import CLibzip

/// A read-only libzip handle of its own, so ELF entries can be streamed without going through (or
/// changing) `ZipReader`.
final class ZipStreamArchive {
    let path: String
    let handle: OpaquePointer

    init(path: String) throws {
        var code: Int32 = 0
        guard let handle = zip_open(path, ZIP_RDONLY, &code) else {
            throw ArchiveError.cannotOpen(path: path, reason: ZipStreamArchive.message(forCode: code))
        }
        self.path = path
        self.handle = handle
    }

    deinit { zip_discard(handle) }

    static func message(forCode code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
