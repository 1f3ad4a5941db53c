/// One entry to write: its name inside the zip, where its bytes come from, and its Unix permissions.
public struct ZipEntrySource: Equatable, Sendable {
    public enum Content: Equatable, Sendable {
        /// A file on disk, read when the zip is written.
        case file(path: String)
        case bytes([UInt8])
        case directory
        /// A symbolic link stored as a link (mode `0o120777`, the target as content), as Info-ZIP's `-y`.
        case symlink(target: String)
    }

    public var name: String
    public var content: Content
    /// Permission bits (`0o755`); the file type bits are added from `content`.
    public var permissions: UInt32

    public init(name: String, content: Content, permissions: UInt32? = nil) {
        self.name = name
        self.content = content
        switch content {
        case .directory: self.permissions = permissions ?? 0o755
        case .symlink: self.permissions = 0o777
        case .file, .bytes: self.permissions = permissions ?? 0o644
        }
    }

    /// The zip entry name: directories end with `/`.
    public var entryName: String {
        if case .directory = content, !PathText.hasTrailingSlash(name) { return name + "/" }
        return name
    }

    /// `S_IFREG|perm`, `S_IFDIR|perm` or `S_IFLNK|0777`: without the type bits `unzip -Z` prints `?rwx...`.
    public var unixMode: UInt32 {
        switch content {
        case .directory: return 0o040000 | permissions
        case .symlink: return 0o120777
        case .file, .bytes: return 0o100000 | permissions
        }
    }
}
