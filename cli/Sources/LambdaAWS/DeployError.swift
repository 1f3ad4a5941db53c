import LambdaArchive

/// Why `deploy` refused to start or stopped, with the way out.
public enum DeployError: ExitCoded, CustomStringConvertible, Sendable {
    case zipMissing(path: String)
    case unreadableZip(path: String, detail: String)
    case architectureMismatch(zip: Architecture, requested: Architecture, path: String)
    case checksFailed([Finding])
    case needsS3(path: String, bytes: UInt64)
    case noRole(function: String)
    case tooManyLayers(count: Int)
    case environmentTooLarge(bytes: Int)
    case badEnvironment(String)
    case badEnvFile(path: String, line: Int)
    case envFileMissing(path: String)
    case badTag(String)

    /// 1 when the package checks failed; 2 for bad input or missing configuration.
    public var exitCode: Int32 {
        switch self {
        case .architectureMismatch, .checksFailed: return 1
        case .zipMissing, .unreadableZip, .needsS3, .noRole, .tooManyLayers, .environmentTooLarge, .badEnvironment, .badEnvFile, .envFileMissing, .badTag:
            return 2
        }
    }

    public var description: String {
        switch self {
        case .zipMissing(let path):
            return "no zip at \(path). Build one with `lambdactl package` or pass --zip PATH."
        case .unreadableZip(let path, let detail):
            return "\(path) cannot be read as a zip (\(detail)). Rebuild it with `lambdactl package`, or pass the right file with --zip PATH."
        case .architectureMismatch(let zip, let requested, let path):
            return "\(path)'s bootstrap is built for \(zip) but --arch is \(requested); Lambda would fail with 'exec format error'. Rebuild it for \(requested) (lambdactl package --arch \(requested)) or deploy with --arch \(zip). Nothing was changed."
        case .checksFailed(let findings):
            let lines = findings.map { "  error[\($0.id)]: \($0.message)\n    fix: \($0.fix)" }.joined(separator: "\n")
            return "the package checks failed; nothing was deployed:\n\(lines)"
        case .needsS3(let path, let bytes):
            return "\(path) is \(ByteCount(bytes)), over Lambda's 50 MB limit for a direct upload. Pass --s3-bucket BUCKET (in the function's region) to upload it through S3. Nothing was changed."
        case .noRole(let function):
            return "function \(function) does not exist and no execution role was given. Pass --role arn:aws:iam::ACCOUNT:role/NAME, or --create-role to create one with the basic execution policy (CloudWatch Logs). Nothing was changed."
        case .tooManyLayers(let count):
            return "\(count) layers given; a function can use at most 5. Merge layers or move their contents into the package."
        case .environmentTooLarge(let bytes):
            return "the environment variables take \(bytes) bytes, over Lambda's 4 KB limit. Move large values to SSM Parameter Store or Secrets Manager."
        case .badEnvironment(let item):
            return "--env takes KEY=VALUE, not '\(item)'."
        case .badEnvFile(let path, let line):
            return "\(path):\(line) is not a dotenv line: write KEY=VALUE (KEY of letters, digits and _), quote a value with spaces or #, or start the line with # for a comment."
        case .envFileMissing(let path):
            return "cannot read the --env-file \(path): check the path (it is relative to the current folder)."
        case .badTag(let item):
            return "--tag takes KEY=VALUE, not '\(item)'."
        }
    }
}
