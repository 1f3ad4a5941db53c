/// Everything that can stop the runtime or refuse a call. Connection-level cases are fatal: the
/// runtime prints `description` as one line on stderr and exits non-zero, because Lambda treats a
/// runtime that cannot reach its Runtime API as broken and replaces it (a silent exit 0 would hide
/// the cause). The exceptions end only one invocation (`endsOnlyThisInvocation`): a 4xx answer to
/// its result, and a connection closed while the result was being sent.
public enum LambdaRuntimeError: Error, CustomStringConvertible, Sendable {
    /// `AWS_LAMBDA_RUNTIME_API` is not set.
    case missingRuntimeAPI
    /// `AWS_LAMBDA_RUNTIME_API` is not `host:port`.
    case invalidRuntimeAPI(String)
    /// The host in `AWS_LAMBDA_RUNTIME_API` does not resolve.
    case cannotResolve(host: String, reason: String)
    /// Nothing listens at the Runtime API address.
    case connectionRefused(endpoint: String)
    /// `connect` failed for another reason (errno text).
    case connectFailed(endpoint: String, reason: String)
    /// The Runtime API closed the connection while the runtime waited for (or sent) `request`.
    case connectionClosed(endpoint: String, request: String)
    /// A socket call failed while talking to the Runtime API.
    case ioFailed(endpoint: String, request: String, reason: String)
    /// The Runtime API's reply could not be read as HTTP/1.1.
    case malformedResponse(request: String, reason: String)
    /// The Runtime API answered with an error status. To `/next` (and `/init/error`) any error is
    /// fatal; to `/response` or `/error` a 4xx (`isRejection`) ends only that invocation.
    case unexpectedStatus(request: String, status: Int, body: String)
    /// `/next` answered without `Lambda-Runtime-Aws-Request-Id`.
    case missingRequestID

    /// A 4xx answer to `/response` or `/error`: Lambda refused this invocation's result (413: too
    /// large; 400/403: malformed or no longer expected). The runtime logs it and serves the next
    /// event; exiting would only make the next invocation pay a cold start.
    var isRejection: Bool {
        guard case let .unexpectedStatus(request, status, _) = self, (400..<500).contains(status) else { return false }
        return request.hasPrefix("POST /runtime/invocation/")
    }

    /// The Runtime API closed the connection while a result (`/response` or `/error`) was being
    /// sent. Lambda does this to a stream that passes its size limit (after a 413 the runtime may
    /// not get to read). Only that result is lost: the worker reconnects for `/next`, and if the
    /// Runtime API is really gone, that connect fails and the runtime stops then.
    var isLostResult: Bool {
        guard case let .connectionClosed(_, request) = self else { return false }
        return request.hasPrefix("POST /runtime/invocation/")
    }

    /// A failure that ends the invocation it happened in, while the runtime goes on serving.
    var endsOnlyThisInvocation: Bool { isRejection || isLostResult }

    public var description: String {
        switch self {
        case .missingRuntimeAPI:
            return "AWS_LAMBDA_RUNTIME_API is not set: this binary is a Lambda custom runtime; run it inside Lambda, "
                + "or start a local Runtime API (e.g. `lambdactl serve`) and export AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT"
        case let .invalidRuntimeAPI(value):
            return "AWS_LAMBDA_RUNTIME_API=\(value) is not host:port (e.g. 127.0.0.1:9001 or localhost:9001)"
        case let .cannotResolve(host, reason):
            return "cannot resolve the Runtime API host '\(host)': \(reason); use an IP address such as 127.0.0.1"
        case let .connectionRefused(endpoint):
            return "connection to the Runtime API at \(endpoint) was refused: nothing listens there; check AWS_LAMBDA_RUNTIME_API"
        case let .connectFailed(endpoint, reason):
            return "cannot connect to the Runtime API at \(endpoint): \(reason)"
        case let .connectionClosed(endpoint, request):
            if isLostResult {
                return "the Runtime API at \(endpoint) closed the connection during \(request), so this result may not have arrived "
                    + "(Lambda cuts a stream this way when it passes 200 MB, and a buffered response over 6 MB)"
            }
            return "the Runtime API at \(endpoint) closed the connection during \(request); the runtime stops so that Lambda restarts it"
        case let .ioFailed(endpoint, request, reason):
            return "talking to the Runtime API at \(endpoint) failed during \(request): \(reason)"
        case let .malformedResponse(request, reason):
            return "the Runtime API sent a reply to \(request) that is not valid HTTP/1.1: \(reason)"
        case let .unexpectedStatus(request, status, body):
            let detail = body.isEmpty ? "" : ": \(body.prefix(300))"
            if isRejection {
                return "the Runtime API refused \(request) with HTTP \(status)\(detail)"
                    + (status == 413 ? "; the response is larger than Lambda accepts: stream it, or keep a buffered response under 6 MB" : "")
            }
            return "the Runtime API answered \(request) with HTTP \(status)\(detail); the runtime stops as the Runtime API requires"
        case .missingRequestID:
            return "the Runtime API's /next reply has no Lambda-Runtime-Aws-Request-Id header"
        }
    }
}

/// Misuse of a response writer by a handler. These are not fatal: the invocation fails (reported to
/// Lambda as a function error) and the runtime serves the next event.
public enum LambdaResponseWriterError: Error, CustomStringConvertible, Sendable {
    case alreadyFinished
    /// Another task is writing to the same response at this moment.
    case concurrentUse
    case statusAndHeadersAlreadyWritten
    case statusAndHeadersAfterBody
    case contentTypeAfterBody
    case invalidHeader(String)

    public var description: String {
        switch self {
        case .alreadyFinished:
            return "the response was already finished; write all chunks before calling finish()"
        case .concurrentUse:
            return "another task is writing to this response right now; a response is one ordered stream, "
                + "so await each write before starting the next (or collect the parts and write them from one task)"
        case .statusAndHeadersAlreadyWritten:
            return "writeStatusAndHeaders was already called for this response; call it once, before the body"
        case .statusAndHeadersAfterBody:
            return "writeStatusAndHeaders must come before the first body byte; call it before write()"
        case .contentTypeAfterBody:
            return "the content type is sent with the request headers; set it before the first write()"
        case let .invalidHeader(value):
            return "header value \(value.debugDescription) contains CR or LF; remove line breaks from header values"
        }
    }
}
