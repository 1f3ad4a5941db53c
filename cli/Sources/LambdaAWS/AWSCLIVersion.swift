/// The version an `aws --version` line reports (`aws-cli/2.38.5 Python/3.14.8 ...`).
public struct AWSCLIVersion: Sendable, Comparable, CustomStringConvertible, Codable {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses the first `aws-cli/X.Y.Z` token of `aws --version` output; `nil` when there is none
    /// (a different program, or a wrapper that prints something else).
    public init?(versionOutput: String) {
        guard let range = versionOutput.range(of: "aws-cli/") else { return nil }
        let rest = versionOutput[range.upperBound...].prefix { !$0.isWhitespace }
        let parts = rest.split(separator: ".").map { Int($0.prefix { $0.isNumber }) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { return nil }
        self.init(major, minor, parts.count > 2 ? (parts[2] ?? 0) : 0)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: AWSCLIVersion, rhs: AWSCLIVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
