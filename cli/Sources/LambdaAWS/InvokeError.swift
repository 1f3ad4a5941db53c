import Foundation
import NIOHTTP1

/// Why a remote streaming invoke failed. `isNetwork` says which cases are the network's (exit 3),
/// not the function's or the input's.
public enum InvokeError: Error, CustomStringConvertible, Sendable {
    case noRegion
    /// Lambda answered with one of its JSON errors (`X-Amzn-ErrorType` or `Type`/`__type`).
    case http(status: Int, type: String?, message: String)
    /// The endpoint answered, but not as Lambda's API does (an HTML 404, a redirect): the
    /// endpoint URL is wrong, not the function name.
    case notLambdaAPI(endpoint: String, status: Int, detail: String)
    /// No answer: refused, unresolvable, TLS, timed out, or closed before a reply.
    case transport(endpoint: String, detail: String)
    /// The same for `lambdactl serve` (invoke --local), where region and endpoint flags mean nothing.
    case serveUnreachable(endpoint: String, detail: String)
    case stream(String)
    case incomplete
    case functionError(code: String, details: String?)

    /// The network failed (no answer, or a cut stream): exit status 3.
    public var isNetwork: Bool {
        switch self {
        case .transport, .serveUnreachable: return true
        default: return false
        }
    }

    /// Reads a non-200 answer: Lambda's JSON error, or an answer that shows the endpoint is not Lambda.
    static func answered(status: Int, headers: HTTPHeaders, body: [UInt8], endpoint: String) -> InvokeError {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let headerType = headers.first(name: "X-Amzn-ErrorType").map { String($0.split(separator: ":").first ?? "") }
        let type = headerType ?? (object?["Type"] as? String) ?? (object?["__type"] as? String)
        guard let object, type != nil || object["message"] != nil || object["Message"] != nil else {
            let contentType = headers.first(name: "Content-Type") ?? "no Content-Type"
            var detail = "HTTP \(status), \(contentType)"
            if (300..<400).contains(status), let location = headers.first(name: "Location") { detail += ", redirect to \(location)" }
            return .notLambdaAPI(endpoint: endpoint, status: status, detail: detail)
        }
        let message = (object["message"] as? String) ?? (object["Message"] as? String) ?? String(decoding: body, as: UTF8.self)
        return .http(status: status, type: type, message: message)
    }

    public var description: String {
        switch self {
        case .noRegion:
            return "no AWS region: pass --region, set AWS_REGION, or set one in the profile (aws configure set region REGION)."
        case .http(let status, let type, let message):
            var text = "Lambda answered HTTP \(status)\(type.map { " \($0)" } ?? ""): \(message)"
            if status == 403 { text += "\nThe credentials lack lambda:InvokeFunction on this function, or they are wrong/expired (aws sts get-caller-identity)." }
            if status == 404 { text += "\nCheck the function name, --qualifier and --region." }
            if status == 400, (type ?? "").contains("InvokeMode") || message.contains("stream") {
                text += "\nThe function may not support response streaming; use a buffered invoke."
            }
            return text
        case .notLambdaAPI(let endpoint, _, let detail):
            return "\(endpoint) does not answer as Lambda's API (InvokeWithResponseStream) does: \(detail). "
                + "Check --endpoint-url (for `lambdactl serve`, use `lambdactl invoke --local --port N`)."
        case .transport(let endpoint, let detail):
            return "could not reach Lambda at \(endpoint): \(detail). Check the network, --region and --endpoint-url."
        case .serveUnreachable(let endpoint, let detail):
            return "could not reach `lambdactl serve` at \(endpoint): \(detail).\n"
                + "Is `lambdactl serve` running? Its banner shows the port; pass it with --port."
        case .stream(let detail):
            return "the response stream was malformed: \(detail)"
        case .incomplete:
            return "the response stream ended without InvokeComplete: the response may be truncated."
        case .functionError(let code, let details):
            return "the function failed: \(code)\(details.map { ": \($0)" } ?? "")"
        }
    }
}
