import CLibzip
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads zips made by any tool (Info-ZIP, Windows Explorer, cargo-lambda, lambdactl itself) through
/// libzip, and extracts them without ever writing outside the target folder.
public final class ZipReader {
    public let path: String
    public let entries: [ZipEntryInfo]
    private let archive: OpaquePointer

    public init(path: String) throws {
        self.path = path
        var code: Int32 = 0
        // libzip says "Operation not supported" for a folder; say what it is instead.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ArchiveError.cannotOpen(path: path, reason: "it is a folder, not a zip file (to use a folder as the code, pass it with --dir)")
        }
        guard let archive = zip_open(path, ZIP_RDONLY, &code) else {
            throw ArchiveError.cannotOpen(path: path, reason: ZipReader.message(forCode: code))
        }
        self.archive = archive
        var entries: [ZipEntryInfo] = []
        let count = zip_get_num_entries(archive, 0)
        for index in 0..<max(count, 0) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0, let name = stat.name else { continue }
            var opsys: UInt8 = 0
            var attributes: UInt32 = 0
            zip_file_get_external_attributes(archive, zip_uint64_t(index), 0, &opsys, &attributes)
            let host = ZipEntryInfo.HostSystem(code: opsys)
            let mode = attributes >> 16
            entries.append(ZipEntryInfo(
                name: String(cString: name), index: Int(index), madeBy: host,
                unixMode: host == .unix && mode != 0 ? mode : nil,
                uncompressedSize: stat.size, compressedSize: stat.comp_size))
        }
        self.entries = entries
    }

    deinit { zip_discard(archive) }

    /// The entry named `name`, if present.
    public func entry(named name: String) -> ZipEntryInfo? { entries.first { $0.name == name } }

    /// Size of every read buffer: reads never allocate a size taken from a header, which a hostile
    /// zip can set to 4 GiB for a 10-byte entry.
    public static let bufferSize = 64 * 1024

    /// The most `contents(of:)` returns without an explicit `limit`: above Lambda's whole unzipped
    /// budget, so no honest entry is cut, while a decompression bomb stops here.
    public static let defaultContentLimit = Int(PackageLimits.unzippedBytes) + 16 * 1024 * 1024

    /// Feeds the entry's uncompressed bytes to `body` in chunks of at most `bufferSize`, checking
    /// that the data matches its headers: libzip reports a CRC mismatch on the read that reaches the
    /// end, data that ends before the declared size throws `.truncatedEntry`, and data that goes on
    /// past it throws `.oversizedEntry` before `body` sees a byte beyond it. `body` sees the
    /// bytes before that verdict, so callers writing them somewhere must discard them on a throw.
    public func forEachChunk(of entry: ZipEntryInfo, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try read(entry, upTo: nil, body)
    }

    /// The uncompressed bytes of an entry, read in bounded buffers. `limit` reads only a prefix
    /// (e.g. 4 bytes for the ELF magic) and skips verification; without it the whole entry is read
    /// and verified, up to `defaultContentLimit` (a larger entry throws `.entryTooLarge`).
    public func contents(of entry: ZipEntryInfo, limit: Int? = nil) throws -> [UInt8] {
        var bytes: [UInt8] = []
        if let limit {
            try read(entry, upTo: max(limit, 0)) { bytes.append(contentsOf: $0) }
            return bytes
        }
        try read(entry, upTo: nil) { chunk in
            guard bytes.count + chunk.count <= ZipReader.defaultContentLimit else {
                throw ArchiveError.entryTooLarge(entry: entry.name, limit: UInt64(ZipReader.defaultContentLimit))
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    public func contents(of name: String) throws -> [UInt8] {
        guard let entry = entry(named: name) else { throw ArchiveError.entryNotFound(name) }
        return try contents(of: entry)
    }

    /// The target of a symlink entry; longer than `PATH_MAX` is not a link the kernel would follow.
    public func symlinkTarget(of entry: ZipEntryInfo) throws -> String {
        let bytes = try contents(of: entry, limit: Int(PATH_MAX) + 1)
        guard bytes.count <= Int(PATH_MAX) else { throw ArchiveError.invalidEntryName(entry.name) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One read loop for every caller. With `prefix` it stops after that many bytes (no verdict on
    /// the rest); without, it reads to the end and compares the count with the declared size.
    private func read(_ entry: ZipEntryInfo, upTo prefix: Int?, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try Self.read(entry, of: archive, at: path, upTo: prefix, body)
    }

    /// The read loop on any libzip handle of the zip at `path` (`ZipDataVerifier` opens one per thread).
    static func read(_ entry: ZipEntryInfo, of archive: OpaquePointer, at path: String, upTo prefix: Int?,
                     _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let location = "\(path):\(entry.name)"
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), 0) else {
            throw ArchiveError.cannotRead(path: location, reason: String(cString: zip_strerror(archive)))
        }
        defer { zip_fclose(file) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ZipReader.bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return }
        var total: UInt64 = 0
        while true {
            var wanted = ZipReader.bufferSize
            if let prefix {
                let left = UInt64(prefix) - min(total, UInt64(prefix))
                if left == 0 { return }
                wanted = Int(min(UInt64(wanted), left))
            }
            let count = zip_fread(file, base, zip_uint64_t(wanted))
            if count < 0 {
                let code = zip_error_code_zip(zip_file_get_error(file))
                if code == ZIP_ER_CRC { throw ArchiveError.crcMismatch(path: path, entry: entry.name) }
                throw ArchiveError.corruptEntry(path: path, entry: entry.name, reason: String(cString: zip_file_strerror(file)))
            }
            if count == 0 { break }
            guard let length = Int(exactly: count), length <= wanted else {
                throw ArchiveError.corruptEntry(path: path, entry: entry.name, reason: "libzip returned more bytes than asked for")
            }
            // libzip inflates past the declared size without complaint: stop before handing on a byte
            // beyond it, so a header that understates its data (a bomb declaring 10 bytes and
            // inflating to gigabytes) costs no more than the size every check was judged on.
            if prefix == nil, UInt64(length) > entry.uncompressedSize - total {
                throw ArchiveError.oversizedEntry(path: path, entry: entry.name, declared: entry.uncompressedSize)
            }
            total += UInt64(length)
            try body(UnsafeRawBufferPointer(start: base, count: length))
        }
        if prefix == nil, total != entry.uncompressedSize {
            throw ArchiveError.truncatedEntry(path: path, entry: entry.name, declared: entry.uncompressedSize, actual: total)
        }
    }

    /// The path components an entry would be written to, or `nil` when it would escape the target
    /// (absolute path or a `..` component).
    public static func safeComponents(of name: String) -> [String]? {
        if PathText.isAbsolute(name) { return nil }
        let parts = PathText.components(of: name).filter { $0 != "." }
        if parts.isEmpty || parts.contains("..") { return nil }
        return parts
    }

    /// True when a symlink at `entryComponents` pointing to `target` stays inside the root. Absolute
    /// targets never do here; `extract` separately allows those into `/var/task` and `/opt`, which
    /// are the function's own folders once unpacked.
    public static func symlinkStaysInside(entryComponents: [String], target: String) -> Bool {
        if PathText.isAbsolute(target) || target.isEmpty { return false }
        var stack = Array(entryComponents.dropLast())
        for part in PathText.components(of: target) {
            if part == "." { continue }
            if part == ".." {
                if stack.isEmpty { return false }
                stack.removeLast()
            } else {
                stack.append(part)
            }
        }
        return true
    }

    /// Absolute link targets that point into the function's own folders on Lambda.
    static func isRuntimeFolderTarget(_ target: String) -> Bool {
        ["/var/task", "/opt"].contains { PathText.isSameOrUnder(target, root: $0) }
    }

    /// Extracts every entry under `directory`, keeping Unix modes and symlinks. Nothing is written when
    /// any entry would land outside `directory` (checked before the first write): absolute names,
    /// `..`, symlinks pointing out, and entries that would be written through a symlink. File data is
    /// streamed to disk in `bufferSize` pieces and verified as it goes; a bad CRC or short data
    /// throws `.crcMismatch` / `.truncatedEntry` and removes that file.
    public func extract(to directory: String) throws {
        var plans: [(entry: ZipEntryInfo, parts: [String], target: String?)] = []
        var symlinkPaths: Set<String> = []
        for entry in entries {
            guard let parts = ZipReader.safeComponents(of: entry.name) else { throw ArchiveError.unsafePath(entry: entry.name) }
            var target: String?
            if entry.isSymlink {
                let link = try symlinkTarget(of: entry)
                guard ZipReader.symlinkStaysInside(entryComponents: parts, target: link) || ZipReader.isRuntimeFolderTarget(link) else {
                    throw ArchiveError.unsafeSymlink(entry: entry.name, target: link)
                }
                target = link
                symlinkPaths.insert(parts.joined(separator: "/"))
            }
            plans.append((entry, parts, target))
        }
        for plan in plans {
            for length in 1..<max(plan.parts.count, 1) where symlinkPaths.contains(plan.parts[0..<length].joined(separator: "/")) {
                throw ArchiveError.unsafePath(entry: plan.entry.name)
            }
        }

        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Symlinks last, so no file is ever written through one.
        for plan in plans.sorted(by: { ($0.target != nil ? 1 : 0) < ($1.target != nil ? 1 : 0) }) {
            let destination = directory + "/" + plan.parts.joined(separator: "/")
            let parent = PathText.parent(destination)
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if let target = plan.target {
                try? manager.removeItem(atPath: destination)
                try manager.createSymbolicLink(atPath: destination, withDestinationPath: target)
            } else if plan.entry.isDirectory {
                try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
                chmod(destination, mode_t(plan.entry.permissions))
            } else {
                try write(plan.entry, to: destination)
            }
        }
    }

    /// Streams one entry into a new file; `O_NOFOLLOW` so a link planted at the path is not followed.
    private func write(_ entry: ZipEntryInfo, to destination: String) throws {
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ArchiveError.cannotWrite(path: destination, reason: String(cString: strerror(errno))) }
        var closed = false
        defer { if !closed { close(fd) } }
        do {
            try forEachChunk(of: entry) { chunk in
                var offset = 0
                while offset < chunk.count, let base = chunk.baseAddress {
                    let written = Glibc.write(fd, base + offset, chunk.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw ArchiveError.cannotWrite(path: destination, reason: String(cString: strerror(errno)))
                    }
                    offset += written
                }
            }
            fchmod(fd, mode_t(entry.permissions))
            closed = true
            guard close(fd) == 0 else { throw ArchiveError.cannotWrite(path: destination, reason: String(cString: strerror(errno))) }
        } catch {
            unlink(destination)
            throw error
        }
    }

    static func message(forCode code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
