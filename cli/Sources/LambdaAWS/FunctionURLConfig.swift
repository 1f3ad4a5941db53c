/// A Function URL configuration as `get-/create-/update-function-url-config` return it.
public struct FunctionURLConfig: Codable, Sendable, Equatable {
    public struct Cors: Codable, Sendable, Equatable {
        public var AllowOrigins: [String]?
        public var AllowMethods: [String]?
        public var AllowHeaders: [String]?
        public var ExposeHeaders: [String]?
        public var AllowCredentials: Bool?
        public var MaxAge: Int?
    }

    public var FunctionUrl: String
    public var FunctionArn: String?
    public var AuthType: String
    public var InvokeMode: String?
    public var Cors: Cors?

    /// Lambda leaves `InvokeMode` out for URLs made before response streaming; they are BUFFERED.
    public var invokeMode: String { InvokeMode ?? "BUFFERED" }
}
