/// What `lambdactl url-config` (or `deploy --url`) wants the Function URL to be.
public struct URLConfigOptions: Sendable {
    public var functionName: String
    public var invokeMode: URLInvokeMode
    /// `nil`: keep an existing URL's auth type; AWS_IAM for a new one (public only when asked).
    public var auth: URLAuthType?
    /// `nil`: leave CORS as it is.
    public var corsOrigins: [String]?
    /// An alias (or version) whose own URL this is; its permissions carry the same qualifier.
    public var qualifier: String?

    public init(functionName: String, invokeMode: URLInvokeMode = .responseStream, auth: URLAuthType? = nil, corsOrigins: [String]? = nil,
                qualifier: String? = nil) {
        self.qualifier = qualifier
        self.functionName = functionName
        self.invokeMode = invokeMode
        self.auth = auth
        self.corsOrigins = corsOrigins
    }
}
