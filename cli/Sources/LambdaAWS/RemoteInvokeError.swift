/// Why a remote streaming invoke failed.
public enum RemoteInvokeError: Error, CustomStringConvertible, Sendable {
    case noRegion
    case http(status: Int, type: String?, message: String)
    case transport(String)
    case stream(String)
    case incomplete
    case functionError(code: String, details: String?)

    public var description: String {
        switch self {
        case .noRegion:
            return "no AWS region: pass --region, set AWS_REGION, or set one in the profile (aws configure set region REGION)."
        case .http(let status, let type, let message):
            var text = "Lambda answered HTTP \(status)\(type.map { " \($0)" } ?? ""): \(message)"
            if status == 403 { text += "\nThe credentials lack lambda:InvokeFunction on this function, or they are wrong/expired (aws sts get-caller-identity)." }
            if status == 404 { text += "\nCheck the function name and --region." }
            if status == 400, (type ?? "").contains("InvokeMode") || message.contains("stream") {
                text += "\nThe function may not support response streaming; use a buffered invoke."
            }
            return text
        case .transport(let detail):
            return "could not reach Lambda: \(detail). Check the network, --region and --endpoint-url."
        case .stream(let detail):
            return "the response stream was malformed: \(detail)"
        case .incomplete:
            return "the response stream ended without InvokeComplete: the response may be truncated."
        case .functionError(let code, let details):
            return "the function failed: \(code)\(details.map { ": \($0)" } ?? "")"
        }
    }
}
