/// `publish-layer-version` output and `list-layer-versions` items.
public struct LayerVersion: Decodable, Sendable {
    public var LayerVersionArn: String
    public var Version: Int?
    public var Description: String?
    public var CompatibleRuntimes: [String]?
    public var CompatibleArchitectures: [String]?
}
