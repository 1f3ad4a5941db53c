/// One entry of a zip as its central directory describes it.
public struct ZipEntryInfo: Codable, Equatable, Sendable {
    /// Host system codes from the "version made by" field (APPNOTE 4.4.2).
    public enum HostSystem: UInt8, Codable, Sendable {
        case msdos = 0, unix = 3, ntfs = 10, vfat = 14, macos = 19, other = 255
        init(code: UInt8) { self = HostSystem(rawValue: code) ?? .other }
    }

    public var name: String
    public var index: Int
    /// The system that made the entry. Only `.unix` entries carry a meaningful Unix mode.
    public var madeBy: HostSystem
    /// The Unix mode with file type bits (`0o100755`), from the upper 16 bits of the external
    /// attributes; `nil` when the entry was not made on Unix or has no mode.
    public var unixMode: UInt32?
    public var uncompressedSize: UInt64
    public var compressedSize: UInt64

    public var isDirectory: Bool {
        if let mode = unixMode, mode & 0o170000 != 0 { return mode & 0o170000 == 0o040000 }
        return PathText.hasTrailingSlash(name)
    }

    public var isSymlink: Bool { (unixMode ?? 0) & 0o170000 == 0o120000 }

    /// A FIFO, socket or device node: nothing Lambda can unpack (`unzip` makes an empty file or fails).
    public var isSpecialFile: Bool {
        guard let type = unixMode.map({ $0 & 0o170000 }), type != 0 else { return false }
        return ![0o100000, 0o040000, 0o120000].contains(type)
    }

    /// The kind of a special file for messages (`FIFO`, `socket`, ...).
    public var specialFileKind: String {
        switch (unixMode ?? 0) & 0o170000 {
        case 0o010000: return "FIFO"
        case 0o140000: return "socket"
        case 0o020000: return "character device"
        case 0o060000: return "block device"
        default: return "file of type 0o\(String((unixMode ?? 0) & 0o170000, radix: 8))"
        }
    }

    /// Permission bits only (`0o755`); directories default to 0755 and files to 0644 when the zip
    /// carries no Unix mode, which is what unzip does.
    public var permissions: UInt32 {
        if let mode = unixMode, mode & 0o7777 != 0 { return mode & 0o7777 }
        return isDirectory ? 0o755 : 0o644
    }

    /// `-rwxr-xr-x` as `ls -l` and `unzip -Z` print it.
    public var modeString: String {
        let type: Character = isDirectory ? "d" : (isSymlink ? "l" : "-")
        var text = String(type)
        let bits = permissions
        for shift in [6, 3, 0] {
            let part = (bits >> UInt32(shift)) & 7
            text += (part & 4 != 0 ? "r" : "-") + (part & 2 != 0 ? "w" : "-") + (part & 1 != 0 ? "x" : "-")
        }
        return text
    }
}

extension Array where Element == ZipEntryInfo {
    /// The declared unzipped size of all entries, saturating at `UInt64.max`: sizes come from the
    /// zip's headers, and 65,535 entries claiming 2^63 bytes each must not trap the sum.
    public var totalUncompressedSize: UInt64 {
        reduce(0) { total, entry in
            let (sum, overflow) = total.addingReportingOverflow(entry.uncompressedSize)
            return overflow ? .max : sum
        }
    }
}
