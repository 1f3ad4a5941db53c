import AWSEventStream
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls Lambda's `InvokeWithResponseStream` itself — no aws CLI version can show a response
/// stream — signing with SigV4 from the CLI's own credentials (`aws configure export-credentials`)
/// and handing over each event (payload chunk, then InvokeComplete) as it arrives.
public final class RemoteStreamingInvoker: @unchecked Sendable {
    public let signer: SigV4Signer
    /// `https://lambda.<region>.amazonaws.com` unless an endpoint URL was given.
    public let endpoint: URL

    public init(credentials: AWSCredentials, region: String, endpoint: URL? = nil) {
        signer = SigV4Signer(credentials: credentials, region: region, service: "lambda")
        self.endpoint = endpoint ?? URL(string: "https://lambda.\(region).amazonaws.com")!
    }

    /// Credentials, region and endpoint as the user's aws CLI resolves them.
    public static func using(_ cli: AWSCLI, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RemoteStreamingInvoker {
        let credentials = try AWSCredentials.export(from: cli)
        var region = cli.options.region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        if region == nil || region!.isEmpty {
            let output = try? cli.run(["configure", "get", "region"])
            region = output.map { String(decoding: $0, as: UTF8.self).trimmed }
        }
        guard let region, !region.isEmpty else { throw RemoteInvokeError.noRegion }
        return RemoteStreamingInvoker(credentials: credentials, region: region, endpoint: cli.options.endpointURL.flatMap(URL.init(string:)))
    }

    /// What the call ended with.
    public struct Result: Sendable {
        public var statusCode: Int
        public var executedVersion: String?
        public var complete: InvokeStreamEvent.InvokeComplete
    }

    /// Invokes `function` with `payload`; `onEvent` runs for each event in order, on a background
    /// queue, as soon as its bytes are in. Throws for HTTP errors, a malformed stream, a stream that
    /// ends without InvokeComplete, and a function error (after its events were delivered).
    public func invoke(function: String, payload: Data, qualifier: String? = nil, tailLogs: Bool = false,
                       onEvent: @escaping @Sendable (InvokeStreamEvent) -> Void) throws -> Result {
        let request = makeRequest(function: function, payload: payload, qualifier: qualifier, tailLogs: tailLogs)
        let delegate = StreamDelegate(onEvent: onEvent)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request).resume()
        delegate.done.wait()
        if let error = delegate.failure { throw error }
        guard let complete = delegate.complete else { throw RemoteInvokeError.incomplete }
        let result = Result(statusCode: delegate.statusCode, executedVersion: delegate.executedVersion, complete: complete)
        if complete.isError { throw RemoteInvokeError.functionError(code: complete.errorCode ?? "", details: complete.errorDetails) }
        return result
    }

    /// `POST /2021-11-15/functions/{name}/response-streaming-invocations`, signed.
    public func makeRequest(function: String, payload: Data, qualifier: String?, tailLogs: Bool, date: Date = Date()) -> URLRequest {
        let encodedName = SigV4Signer.uriEncode(function)
        let basePath = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        let path = basePath + "/2021-11-15/functions/\(encodedName)/response-streaming-invocations"
        let query = qualifier.map { [("Qualifier", $0)] } ?? []
        var hostHeader = endpoint.host ?? "localhost"
        if let port = endpoint.port { hostHeader += ":\(port)" }
        var headers: [(String, String)] = [("Host", hostHeader), ("Content-Type", "application/json")]
        if tailLogs { headers.append(("X-Amz-Log-Type", "Tail")) }
        let signed = signer.sign(SigV4Signer.Request(method: "POST", path: path, query: query, headers: headers, body: payload), date: date)
        var components = URLComponents()
        components.scheme = endpoint.scheme
        components.host = endpoint.host
        components.port = endpoint.port
        components.percentEncodedPath = path
        if !query.isEmpty {
            components.percentEncodedQuery = query.map { "\(SigV4Signer.uriEncode($0.0))=\(SigV4Signer.uriEncode($0.1))" }.joined(separator: "&")
        }
        var request = URLRequest(url: components.url!)
        request.httpMethod = "POST"
        request.httpBody = payload
        request.timeoutInterval = 900
        for (name, value) in headers + signed where name != "Host" { request.setValue(value, forHTTPHeaderField: name) }
        return request
    }
}

/// Decodes the response as it arrives (event-stream messages split over any chunk boundaries).
private final class StreamDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let onEvent: @Sendable (InvokeStreamEvent) -> Void
    let done = DispatchSemaphore(value: 0)
    var decoder = EventStreamDecoder()
    var statusCode = 0
    var executedVersion: String?
    var errorBody = Data()
    var errorType: String?
    var complete: InvokeStreamEvent.InvokeComplete?
    var failure: RemoteInvokeError?

    init(onEvent: @escaping @Sendable (InvokeStreamEvent) -> Void) {
        self.onEvent = onEvent
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        statusCode = http?.statusCode ?? 0
        executedVersion = http?.value(forHTTPHeaderField: "X-Amz-Executed-Version")
        errorType = http?.value(forHTTPHeaderField: "X-Amzn-ErrorType")
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard statusCode == 200 else { errorBody.append(data); return }
        guard failure == nil else { return }
        do {
            for message in try decoder.feed(Array(data)) {
                let event = InvokeStreamEvent(message: message)
                switch event {
                case .invokeComplete(let value): complete = value
                case .exception(let type, let message): failure = .http(status: 200, type: type, message: message)
                default: break
                }
                onEvent(event)
            }
        } catch {
            failure = .stream("\(error)")
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        defer { done.signal() }
        if failure != nil { return }
        if let error {
            failure = .transport(error.localizedDescription)
            return
        }
        if statusCode != 200 {
            let text = String(decoding: errorBody, as: UTF8.self)
            let object = (try? JSONSerialization.jsonObject(with: errorBody)) as? [String: Any]
            let message = (object?["message"] as? String) ?? (object?["Message"] as? String) ?? text
            let type = errorType.map { String($0.split(separator: ":").first ?? "") } ?? (object?["Type"] as? String) ?? (object?["__type"] as? String)
            failure = .http(status: statusCode, type: type, message: message)
            return
        }
        do { try decoder.finish() } catch { failure = .stream("\(error)") }
    }
}
