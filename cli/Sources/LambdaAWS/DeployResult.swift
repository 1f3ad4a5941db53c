/// What `deploy` did, for the summary (and `--json`). Environment values are left out on purpose.
public struct DeployResult: Codable, Sendable {
    public var functionName: String
    public var functionArn: String
    public var architecture: String
    public var runtime: String
    public var codeSha256: String
    /// `created`, `updated` or `unchanged`.
    public var action: String
    public var codeUploaded: Bool
    public var codeVia: String?
    public var configurationUpdated: Bool
    /// The tags `--tag` set now (none when they already matched).
    public var tagsSet: [String]
    /// The log group's retention after the deploy, when `--log-retention-days` was given.
    public var logRetentionDays: Int?
    public var layers: [String]
    public var publishedLayers: [String]
    public var url: String?
    public var urlInvokeMode: String?
    public var urlAuthType: String?
    /// The version published (or found unchanged) with `--publish`/`--alias`.
    public var version: String?
    public var alias: String?
    /// `created`, `moved` or `unchanged`, with `--alias`.
    public var aliasAction: String?
    public var dryRun: Bool
    /// The mutating commands a dry run would have run (redacted).
    public var plannedCommands: [String]
}
