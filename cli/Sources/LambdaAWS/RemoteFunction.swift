/// The parts of `get-function` / `create-function` / `update-function-*` output lambdactl reads.
/// Environment values are decoded only to compare them; they are never printed.
public struct RemoteFunction: Codable, Sendable {
    public struct Layer: Codable, Sendable {
        public var Arn: String
        public var CodeSize: Int?
    }

    public struct Environment: Codable, Sendable {
        public var Variables: [String: String]?
    }

    public var FunctionName: String
    public var FunctionArn: String
    public var Runtime: String?
    public var Role: String?
    public var Handler: String?
    public var CodeSha256: String?
    public var CodeSize: Int?
    public var MemorySize: Int?
    public var Timeout: Int?
    public var Architectures: [String]?
    public var State: String?
    public var LastUpdateStatus: String?
    public var Layers: [Layer]?
    public var Environment: Environment?
    public var Description: String?
    public var TracingConfig: Tracing?
    public var EphemeralStorage: Storage?

    public struct Tracing: Codable, Sendable {
        public var Mode: String?
    }

    public struct Storage: Codable, Sendable {
        public var Size: Int?
    }

    public var architecture: String { Architectures?.first ?? "x86_64" }
    public var layerArns: [String] { Layers?.map(\.Arn) ?? [] }
}

/// `get-function` wraps the configuration.
struct GetFunctionOutput: Decodable {
    var Configuration: RemoteFunction
    var Tags: [String: String]?
}
