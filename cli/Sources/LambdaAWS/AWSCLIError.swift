import LambdaProcess

/// Why an `aws` CLI call failed, said so that the user knows what to do next.
///
/// The cases follow the CLI v2 exit codes: 252 usage, 253 no credentials or bad configuration,
/// 254 service error (`An error occurred (Code)`), 255 connection failure. The CLI's own standard
/// error is kept, minus anything that looks like a secret.
public enum AWSCLIError: ExitCoded, CustomStringConvertible, Sendable {
    case notFound(searched: String)
    case notExecutable(path: String)
    case notV2(path: String, output: String)
    case tooOld(path: String, version: AWSCLIVersion, feature: AWSCLIFeature)
    case usage(command: String, detail: String)
    /// The version check passed, but the CLI still rejected the option (exit 252, `Unknown options`).
    case unknownOption(path: String, version: AWSCLIVersion, feature: AWSCLIFeature)
    case credentials(detail: String, profile: String?)
    case service(AWSServiceError, command: String)
    case connection(detail: String, endpoint: String?)
    case waiterFailed(command: String, detail: String)
    case failed(status: Int32, command: String, detail: String)
    case decoding(command: String, detail: String)
    case conflictPersisted(command: String, attempts: Int)
    /// The CLI started but could not be watched to its end (its output overflowed, it timed out).
    case process(ChildProcessError)

    /// 2 when the CLI or its configuration is the problem (missing, too old, no or invalid
    /// credentials), 3 when AWS could not be reached, 1 when AWS refused or failed the request.
    public var exitCode: Int32 {
        switch self {
        case .notFound, .notExecutable, .notV2, .tooOld, .unknownOption, .usage, .credentials: return 2
        case .connection: return 3
        case .service(let error, _): return Self.credentialCodes.contains(error.code) ? 2 : 1
        case .waiterFailed, .failed, .decoding, .conflictPersisted, .process: return 1
        }
    }

    /// Service error codes that mean the credentials themselves are wrong or expired.
    static let credentialCodes: Set<String> = [
        "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId", "AuthFailure", "InvalidSignatureException",
        "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
    ]

    /// The service error code, when the failure came from AWS itself.
    public var serviceCode: String? {
        if case .service(let error, _) = self { return error.code }
        return nil
    }

    public var description: String {
        switch self {
        case .notFound(let searched):
            return "no aws CLI found (\(searched)). Install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), or point lambdactl at it with --aws PATH or LAMBDACTL_AWS=PATH."
        case .notExecutable(let path):
            return "\(path) is not an executable file. Pass the aws CLI v2 program with --aws PATH or LAMBDACTL_AWS=PATH."
        case .notV2(let path, let output):
            return "\(path) is not AWS CLI v2 (it says: \(output.trimmed.isEmpty ? "nothing" : output.trimmed)). lambdactl needs v2 (aws logs tail, --cli-binary-format, exit codes): install it from https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html and pass it with --aws PATH if another aws comes first on PATH."
        case .tooOld(let path, let version, let feature):
            return "your aws CLI (\(path)) is version \(version), too old for \(feature.rawValue): it needs AWS CLI v2 \(feature.minimumVersion) or newer. Update it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), or pass a newer one with --aws PATH."
        case .unknownOption(let path, let version, let feature):
            return "your aws CLI (\(path), version \(version)) does not know \(feature.rawValue) (exit 252: Unknown options). It is too old for lambdactl: update AWS CLI v2 to the latest release (\(feature.minimumVersion) at least; https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), or pass a newer one with --aws PATH."
        case .usage(let command, let detail):
            return "the aws CLI rejected the command (exit 252): \(detail.trimmed)\n  command: \(command)\nIf it names an unknown option, your aws CLI is too old: update AWS CLI v2."
        case .credentials(let detail, let profile):
            let login = profile.map { "aws sso login --profile \($0)` (SSO) or `aws configure --profile \($0)" } ?? "aws configure` or `aws sso login"
            return "the aws CLI has no usable credentials or configuration (exit 253): \(detail.trimmed)\nRun `\(login)`, set AWS_PROFILE / pass --profile NAME, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        case .service(let error, let command):
            return "AWS answered \(error.code)\(error.operation.map { " to \($0)" } ?? ""): \(error.message)\n  command: \(command)\(Self.hint(for: error.code).map { "\n\($0)" } ?? "")"
        case .connection(let detail, let endpoint):
            return "could not reach AWS\(endpoint.map { " at \($0)" } ?? "") (exit 255): \(detail.trimmed)\nCheck the network, --region, and --endpoint-url\(endpoint == nil ? "" : " (is the server running?)")."
        case .waiterFailed(let command, let detail):
            return "waiting for the function failed: \(detail.trimmed)\n  command: \(command)\nLook at the function's State / LastUpdateStatusReason: aws lambda get-function-configuration --function-name NAME."
        case .failed(let status, let command, let detail):
            return "the aws CLI failed with exit status \(status): \(detail.trimmed)\n  command: \(command)"
        case .decoding(let command, let detail):
            return "could not read the aws CLI's JSON output (\(detail)).\n  command: \(command)\nIs AWS_DEFAULT_OUTPUT or a cli_pager setting changing the output? lambdactl passes --output json."
        case .conflictPersisted(let command, let attempts):
            return "the function stayed busy with another update (ResourceConflictException) after \(attempts) attempts.\n  command: \(command)\nWait for the running update to finish (aws lambda wait function-updated-v2 --function-name NAME) and run again."
        case .process(let error):
            return "the aws CLI \(error)"
        }
    }

    static func hint(for code: String) -> String? {
        switch code {
        case "ResourceNotFoundException":
            return "Check the name and the region (--region); the resource does not exist there."
        case "AccessDeniedException", "AccessDenied", "AuthorizationError":
            return "The credentials in use lack this permission: use another --profile or ask for the IAM permission named above."
        case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId", "AuthFailure", "InvalidSignatureException", "SignatureDoesNotMatch":
            return "The credentials are not valid: check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile (aws configure list)."
        case "ExpiredToken", "ExpiredTokenException", "RequestExpired":
            return "The credentials expired: refresh them (aws sso login, or new session credentials)."
        case "ResourceConflictException":
            return "Another update is still in progress or the resource already exists; wait and run again."
        case "TooManyRequestsException", "ThrottlingException":
            return "AWS throttled the request; wait a little and run again."
        default:
            return nil
        }
    }
}

extension String {
    var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
