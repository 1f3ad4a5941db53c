/// The global options every `aws` call gets: who (profile), where (region) and, for local stand-ins
/// such as moto or ministack, which endpoint.
public struct AWSCLIOptions: Sendable, Equatable {
    public var profile: String?
    public var region: String?
    public var endpointURL: String?

    public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
    }

    /// The arguments as the CLI takes them, appended after the command so they read naturally.
    public var arguments: [String] {
        var result: [String] = []
        if let profile { result += ["--profile", profile] }
        if let region { result += ["--region", region] }
        if let endpointURL { result += ["--endpoint-url", endpointURL] }
        return result
    }
}
