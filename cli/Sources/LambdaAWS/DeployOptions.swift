import LambdaArchive

/// What `lambdactl deploy` was asked to do.
public struct DeployOptions: Sendable {
    public var functionName: String
    public var zipPath: String
    /// `nil`: the bootstrap binary's architecture, else x86_64.
    public var architecture: Architecture?
    /// `nil`: an existing function keeps its runtime (and the package is checked against it); a
    /// new one gets provided.al2023.
    public var runtime: TargetRuntime?
    public var role: String?
    public var createRole: Bool
    /// Layer version ARNs, or layer zips to publish.
    public var layers: [String]
    public var memory: Int?
    public var timeout: Int?
    /// `nil` leaves the function's environment as it is.
    public var environment: [String: String]?
    public var s3Bucket: String?
    public var url: Bool
    /// `nil`: keep an existing URL's auth type (AWS_IAM for a new URL).
    public var urlAuth: URLAuthType?
    public var dryRun: Bool
    /// Publish a version after the code and configuration are in place (`--publish`).
    public var publish = false
    /// Tags set on the function (others are left alone); `nil`: untouched.
    public var tags: [String: String]?
    /// `logs put-retention-policy` on /aws/lambda/<function>; `nil`: untouched.
    public var logRetentionDays: Int?
    public var tracing: TracingMode?
    public var description: String?
    /// /tmp size in MB (512-10240).
    public var ephemeralStorageMB: Int?
    /// Create or move this alias to the published version (`--alias`; implies `publish`).
    public var alias: String?

    public init(functionName: String, zipPath: String, architecture: Architecture? = nil, runtime: TargetRuntime? = nil,
                role: String? = nil, createRole: Bool = false, layers: [String] = [], memory: Int? = nil, timeout: Int? = nil,
                environment: [String: String]? = nil, s3Bucket: String? = nil, url: Bool = false, urlAuth: URLAuthType? = nil,
                dryRun: Bool = false) {
        self.functionName = functionName
        self.zipPath = zipPath
        self.architecture = architecture
        self.runtime = runtime
        self.role = role
        self.createRole = createRole
        self.layers = layers
        self.memory = memory
        self.timeout = timeout
        self.environment = environment
        self.s3Bucket = s3Bucket
        self.url = url
        self.urlAuth = urlAuth
        self.dryRun = dryRun
    }

    /// The retention periods CloudWatch Logs accepts.
    public static let retentionDays: Set<Int> = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]

    /// Parses repeated `--tag KEY=VALUE`.
    public static func parseTags(_ items: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else { throw DeployError.badTag(item) }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }

    /// Parses repeated `--env KEY=VALUE`.
    public static func parseEnvironment(_ items: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else { throw DeployError.badEnvironment(item) }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }
}
