import LambdaAWS

/// Why `verify-url` could not start: exit status 2 (1 for a URL in BUFFERED mode, which is the
/// very failure verify-url exists to catch).
public enum VerifyConfigurationError: ExitCoded, CustomStringConvertible {
    case noFunctionURL(function: String)
    case bufferedInvokeMode(function: String, url: String)
    case badURL(String)
    case noRegion

    public var exitCode: Int32 {
        if case .bufferedInvokeMode = self { return 1 }
        return 2
    }

    public var description: String {
        switch self {
        case .noFunctionURL(let function):
            return "\(function) has no Function URL. Create one that streams: lambdactl url-config \(function) --invoke-mode RESPONSE_STREAM"
        case .bufferedInvokeMode(let function, let url):
            return "the Function URL of \(function) (\(url)) is in BUFFERED mode: it will not stream. Fix: lambdactl url-config \(function) --invoke-mode RESPONSE_STREAM"
        case .badURL(let text):
            return "the function's URL '\(text)' is not a valid URL."
        case .noRegion:
            return "no region to sign the request for: pass --region or use a Function URL (<id>.lambda-url.<region>.on.aws)."
        }
    }
}
