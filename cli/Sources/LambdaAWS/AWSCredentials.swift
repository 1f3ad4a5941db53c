import Foundation

/// Credentials for SigV4, as `aws configure export-credentials --format process` prints them.
/// `description` never shows the secret.
public struct AWSCredentials: Codable, Sendable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    enum CodingKeys: String, CodingKey {
        case accessKeyId = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case sessionToken = "SessionToken"
    }

    public var description: String { "AWSCredentials(\(accessKeyId), secret: <redacted>\(sessionToken == nil ? "" : ", session token: <redacted>"))" }

    /// Asks the CLI for the credentials it resolved (profile, SSO, credential process...), so
    /// lambdactl signs its own requests with exactly what `aws` would use. Never logged.
    public static func export(from cli: AWSCLI) async throws -> AWSCredentials {
        try cli.require(.exportCredentials)
        return try await cli.json(["configure", "export-credentials", "--format", "process"], as: AWSCredentials.self, secretOutput: true)
    }
}
