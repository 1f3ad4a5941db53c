/// Options lambdactl relies on that only newer `aws` CLI v2 builds know. Old builds reject them
/// with a bare usage error (exit 252, `Unknown options`), so the driver checks the version first and
/// says which release is needed.
public enum AWSCLIFeature: String, Sendable, CaseIterable {
    /// `create-function-url-config --invoke-mode` (Lambda response streaming, April 2023).
    case invokeMode = "--invoke-mode"
    /// `add-permission --invoked-via-function-url` (the second statement public URLs need since
    /// October 2025).
    case invokedViaFunctionURL = "--invoked-via-function-url"
    /// `aws configure export-credentials` (the credentials the CLI resolved, for SigV4 signing).
    case exportCredentials = "configure export-credentials"

    /// The first release known to accept it. When a build just above this still lacks the option,
    /// the driver maps the CLI's `Unknown options` answer to the same "too old" error.
    public var minimumVersion: AWSCLIVersion {
        switch self {
        case .invokeMode: AWSCLIVersion(2, 11, 10)
        case .invokedViaFunctionURL: AWSCLIVersion(2, 31, 0)
        case .exportCredentials: AWSCLIVersion(2, 9, 0)
        }
    }
}
