import AWSEventStream
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Calls `InvokeWithResponseStream` itself — no aws CLI version can show a response stream — and
/// hands over each event (payload chunk, then InvokeComplete) as it arrives. Against Lambda it signs
/// with SigV4 from the CLI's own credentials (`aws configure export-credentials`); `local(host:port:)`
/// is the same call to `lambdactl serve`, which speaks the same API.
///
/// It uses async-http-client, the one HTTP client of lambdactl outside the runtime (verify-url's
/// too): URLSession would pull in FoundationNetworking, libcurl and about 30 more shared libraries,
/// which every lambdactl command then loads (7 MiB of RSS) for this one call.
public struct StreamingInvoker: Sendable {
    public let signer: SigV4Signer
    /// `https://lambda.<region>.amazonaws.com` unless an endpoint URL was given.
    public let endpoint: URL
    /// True for `lambdactl serve`: a failure to reach it is reported in serve's words.
    public let isLocal: Bool

    public init(credentials: AWSCredentials, region: String, endpoint: URL? = nil) {
        self.init(credentials: credentials, region: region, endpoint: endpoint, isLocal: false)
    }

    private init(credentials: AWSCredentials, region: String, endpoint: URL?, isLocal: Bool) {
        signer = SigV4Signer(credentials: credentials, region: region, service: "lambda")
        self.endpoint = endpoint ?? URL(string: "https://lambda.\(region).amazonaws.com")!
        self.isLocal = isLocal
    }

    /// `lambdactl serve` at `host:port`. serve does not check signatures; the placeholder
    /// credentials only keep the request shaped as Lambda's.
    public static func local(host: String, port: Int) -> StreamingInvoker {
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return StreamingInvoker(credentials: AWSCredentials(accessKeyId: "LOCAL", secretAccessKey: "LOCAL"), region: "us-east-1",
                                endpoint: URL(string: "http://\(authority)"), isLocal: true)
    }

    /// Credentials, region and endpoint as the user's aws CLI resolves them.
    public static func using(_ cli: AWSCLI, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> StreamingInvoker {
        let credentials = try await AWSCredentials.export(from: cli)
        var region = cli.options.region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        if region == nil || region!.isEmpty {
            let output = try? await cli.run(["configure", "get", "region"])
            region = output.map { String(decoding: $0, as: UTF8.self).trimmed }
        }
        guard let region, !region.isEmpty else { throw InvokeError.noRegion }
        return StreamingInvoker(credentials: credentials, region: region, endpoint: cli.options.endpointURL.flatMap(URL.init(string:)))
    }

    /// What the call ended with.
    public struct Result: Sendable {
        public var statusCode: Int
        public var executedVersion: String?
        public var complete: InvokeStreamEvent.InvokeComplete
    }

    /// Invokes `function` with `payload`; `onEvent` runs for each event in order, as soon as its
    /// bytes are in. Throws for network and HTTP errors, a malformed stream, a stream that ends
    /// without InvokeComplete, and a function error (after its events were delivered).
    public func invoke(function: String, payload: [UInt8], qualifier: String? = nil, tailLogs: Bool = false,
                       onEvent: (InvokeStreamEvent) -> Void) async throws(InvokeError) -> Result {
        let request = makeRequest(function: function, payload: payload, qualifier: qualifier, tailLogs: tailLogs)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .lambdactl())
        let outcome: Swift.Result<Result, InvokeError>
        do {
            outcome = .success(try await exchange(client: client, request: request, onEvent: onEvent))
        } catch let error as InvokeError {
            outcome = .failure(error)
        } catch {
            let detail = Self.describe(error)
            outcome = .failure(isLocal ? .serveUnreachable(endpoint: endpoint.absoluteString, detail: detail)
                                       : .transport(endpoint: endpoint.absoluteString, detail: detail))
        }
        try? await client.shutdown()
        let result = try outcome.get()
        if result.complete.isError {
            throw .functionError(code: result.complete.errorCode ?? "", details: result.complete.errorDetails)
        }
        return result
    }

    private func exchange(client: HTTPClient, request: HTTPClientRequest, onEvent: (InvokeStreamEvent) -> Void) async throws -> Result {
        // Lambda runs a function for at most 15 minutes; the head comes once it has started.
        let response = try await client.execute(request, timeout: .seconds(15 * 60 + 30))
        let status = Int(response.status.code)
        guard status == 200 else {
            var body = ByteBuffer()
            for try await part in response.body where body.readableBytes < 64 * 1024 { body.writeImmutableBuffer(part) }
            throw InvokeError.answered(
                status: status, headers: response.headers, body: Array(body.readableBytesView), endpoint: endpoint.absoluteString)
        }
        var decoder = EventStreamDecoder()
        var complete: InvokeStreamEvent.InvokeComplete?
        do {
            for try await part in response.body {
                try deliver(part, decoder: &decoder, complete: &complete, onEvent: onEvent)
            }
        } catch let error as InvokeError {
            throw error
        } catch {
            // The head came, then the connection failed: what arrived was delivered, the rest is lost.
            throw InvokeError.incomplete
        }
        guard let complete else { throw InvokeError.incomplete }
        do { try decoder.finish() } catch { throw InvokeError.stream("\(error)") }
        return Result(statusCode: status, executedVersion: response.headers.first(name: "X-Amz-Executed-Version"), complete: complete)
    }

    private func deliver(_ part: ByteBuffer, decoder: inout EventStreamDecoder, complete: inout InvokeStreamEvent.InvokeComplete?,
                         onEvent: (InvokeStreamEvent) -> Void) throws(InvokeError) {
        let messages: [EventStreamMessage]
        do { messages = try decoder.feed(Array(part.readableBytesView)) } catch { throw .stream("\(error)") }
        for message in messages {
            let event = InvokeStreamEvent(message: message)
            onEvent(event)
            switch event {
            case .invokeComplete(let value): complete = value
            case .exception(let type, let message): throw .http(status: 200, type: type, message: message)
            default: break
            }
        }
    }

    /// `POST /2021-11-15/functions/{name}/response-streaming-invocations`, signed.
    public func makeRequest(function: String, payload: [UInt8], qualifier: String?, tailLogs: Bool, date: Date = Date()) -> HTTPClientRequest {
        let encodedName = SigV4Signer.uriEncode(function)
        let basePath = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        let path = basePath + "/2021-11-15/functions/\(encodedName)/response-streaming-invocations"
        let query = qualifier.map { [("Qualifier", $0)] } ?? []
        var hostHeader = endpoint.host ?? "localhost"
        if let port = endpoint.port { hostHeader += ":\(port)" }
        var headers: [(String, String)] = [("Host", hostHeader), ("Content-Type", "application/json")]
        if tailLogs { headers.append(("X-Amz-Log-Type", "Tail")) }
        let signed = signer.sign(SigV4Signer.Request(method: "POST", path: path, query: query, headers: headers, body: Data(payload)), date: date)
        var url = "\(endpoint.scheme ?? "https")://\(hostHeader)\(path)"
        if !query.isEmpty {
            url += "?" + query.map { "\(SigV4Signer.uriEncode($0.0))=\(SigV4Signer.uriEncode($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: payload))
        for (name, value) in headers + signed where name != "Host" { request.headers.replaceOrAdd(name: name, value: value) }
        return request
    }

    /// async-http-client's errors in words: the cause `NetworkFailure` names (as verify-url
    /// reports it), or the error itself when it is none of those.
    static func describe(_ error: any Error) -> String {
        let failure = NetworkFailure(error: error)
        return failure == .other ? String(describing: error) : failure.summary
    }
}
