/// A glibc symbol version such as `GLIBC_2.34`, ordered numerically (2.9 < 2.34).
public struct GlibcVersion: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(major: Int, minor: Int, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `GLIBC_2.34` or `GLIBC_2.2.5`; `nil` for other version names (`GLIBC_PRIVATE`, `GCC_3.0`).
    public init?(symbolVersion: String) {
        guard symbolVersion.hasPrefix("GLIBC_") else { return nil }
        let parts = symbolVersion.dropFirst(6).split(separator: ".").map { Int($0) }
        guard parts.count >= 2, parts.count <= 3, !parts.contains(where: { $0 == nil }) else { return nil }
        self.init(major: parts[0]!, minor: parts[1]!, patch: parts.count == 3 ? parts[2]! : 0)
    }

    public static func < (lhs: GlibcVersion, rhs: GlibcVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { patch == 0 ? "GLIBC_\(major).\(minor)" : "GLIBC_\(major).\(minor).\(patch)" }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = GlibcVersion(symbolVersion: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a GLIBC version: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
