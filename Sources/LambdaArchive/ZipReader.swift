import CLibzip
import Foundation

/// Reads zips made by any tool (Info-ZIP, Windows Explorer, cargo-lambda, lambdactl itself) through
/// libzip, and extracts them without ever writing outside the target folder.
public final class ZipReader {
    public let path: String
    public let entries: [ZipEntryInfo]
    private let archive: OpaquePointer

    public init(path: String) throws {
        self.path = path
        var code: Int32 = 0
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

    /// The uncompressed bytes of an entry; `limit` reads only a prefix (e.g. 4 bytes for the ELF magic).
    public func contents(of entry: ZipEntryInfo, limit: Int? = nil) throws -> [UInt8] {
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), 0) else {
            throw ArchiveError.cannotRead(path: "\(path):\(entry.name)", reason: String(cString: zip_strerror(archive)))
        }
        defer { zip_fclose(file) }
        let wanted = min(Int(entry.uncompressedSize), limit ?? Int.max)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let read = bytes.withUnsafeMutableBytes {
                zip_fread(file, $0.baseAddress! + filled, zip_uint64_t(wanted - filled))
            }
            if read < 0 {
                throw ArchiveError.cannotRead(path: "\(path):\(entry.name)", reason: String(cString: zip_file_strerror(file)))
            }
            if read == 0 { break }
            filled += Int(read)
        }
        return filled == wanted ? bytes : Array(bytes[0..<filled])
    }

    public func contents(of name: String) throws -> [UInt8] {
        guard let entry = entry(named: name) else { throw ArchiveError.entryNotFound(name) }
        return try contents(of: entry)
    }

    /// The path components an entry would be written to, or `nil` when it would escape the target
    /// (absolute path or a `..` component).
    public static func safeComponents(of name: String) -> [String]? {
        if name.hasPrefix("/") { return nil }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        if parts.isEmpty || parts.contains("..") { return nil }
        return parts
    }

    /// True when a symlink at `entryComponents` pointing to `target` stays inside the root.
    public static func symlinkStaysInside(entryComponents: [String], target: String) -> Bool {
        if target.hasPrefix("/") || target.isEmpty { return false }
        var stack = Array(entryComponents.dropLast())
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if stack.isEmpty { return false }
                stack.removeLast()
            } else {
                stack.append(String(part))
            }
        }
        return true
    }

    /// Extracts every entry under `directory`, keeping Unix modes and symlinks. Nothing is written when
    /// any entry would land outside `directory` (checked before the first write): absolute names,
    /// `..`, symlinks pointing out, and entries that would be written through a symlink.
    public func extract(to directory: String) throws {
        var plans: [(entry: ZipEntryInfo, parts: [String], target: String?)] = []
        var symlinkPaths: Set<String> = []
        for entry in entries {
            guard let parts = ZipReader.safeComponents(of: entry.name) else { throw ArchiveError.unsafePath(entry: entry.name) }
            var target: String?
            if entry.isSymlink {
                let link = String(decoding: try contents(of: entry), as: UTF8.self)
                guard ZipReader.symlinkStaysInside(entryComponents: parts, target: link) else {
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
            let parent = (destination as NSString).deletingLastPathComponent
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if let target = plan.target {
                try? manager.removeItem(atPath: destination)
                try manager.createSymbolicLink(atPath: destination, withDestinationPath: target)
            } else if plan.entry.isDirectory {
                try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
                chmod(destination, mode_t(plan.entry.permissions))
            } else {
                let bytes = try contents(of: plan.entry)
                guard manager.createFile(atPath: destination, contents: Data(bytes)) else {
                    throw ArchiveError.cannotWrite(path: destination, reason: "create failed")
                }
                chmod(destination, mode_t(plan.entry.permissions))
            }
        }
    }

    static func message(forCode code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
