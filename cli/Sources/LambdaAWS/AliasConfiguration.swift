/// `get-alias` / `create-alias` output: which version an alias points at.
public struct AliasConfiguration: Decodable, Sendable {
    public var Name: String
    public var FunctionVersion: String
    public var AliasArn: String?
}
