import AsyncHTTPClient
import LambdaAWS
import Foundation
import Synchronization
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends the request with async-http-client and records each body read as it arrives, without
/// buffering, so arrival times show whether the function streamed.
public struct StreamProbe: Sendable {
    public init() {}

    public func record(_ request: VerifyRequest) async -> StreamRecording {
        var tls = TLSConfiguration.makeClientConfiguration()
        if request.insecure { tls.certificateVerification = .none }
        if let caFile = request.caFile { tls.trustRoots = .file(caFile) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .lambdactl(tls: tls))

        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method.uppercased())
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }

        let box = RecordingBox()
        let start = DispatchTime.now().uptimeNanoseconds
        @Sendable func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 }
        let deadline = NIODeadline.now() + .milliseconds(Int64(request.timeout * 1000))
        let request2 = outgoing
        do {
            // async-http-client's deadline does not bound a body that stalls, so a second task
            // enforces --timeout over the whole exchange and cancels the read.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let response = try await client.execute(request2, deadline: deadline)
                    box.update { recording in
                        recording.headersMilliseconds = elapsed()
                        recording.status = Int(response.status.code)
                        for header in response.headers {
                            let name = header.name.lowercased()
                            recording.headers[name] = recording.headers[name].map { $0 + ", " + header.value } ?? header.value
                        }
                    }
                    for try await buffer in response.body {
                        let now = elapsed()
                        box.update { recording in
                            if recording.firstByteMilliseconds == nil { recording.firstByteMilliseconds = now }
                            recording.reads.append(.init(atMilliseconds: now, bytes: buffer.readableBytes))
                            recording.totalBytes += buffer.readableBytes
                            recording.body += buffer.readableBytesView
                        }
                    }
                    box.update { $0.completed = true }
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(request.timeout * 1_000_000_000))
                    throw ProbeTimeout()
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            let text = "\(error)"
            box.update { recording in
                if error is ProbeTimeout || text.contains("deadlineExceeded") || text.contains("readTimeout") {
                    recording.timedOut = true
                }
                if recording.status != nil {
                    recording.bodyError = text
                } else if !recording.timedOut {
                    recording.networkError = text
                    recording.networkFailure = NetworkFailure(error: error)
                }
            }
        }
        var recording = box.recording
        recording.totalMilliseconds = elapsed()
        try? await client.shutdown()
        return recording
    }
}

struct ProbeTimeout: Error, CustomStringConvertible {
    var description: String { "timed out" }
}

/// The recording shared by the reading task and the caller (which reads it after a timeout, while
/// the reading task may still be appending). A class around a `Mutex`, because a `Mutex` itself
/// cannot be captured by the escaping closures the reading task runs.
final class RecordingBox: Sendable {
    private let value = Mutex(StreamRecording())

    func update(_ body: (inout StreamRecording) -> Void) {
        value.withLock { body(&$0) }
    }

    var recording: StreamRecording { value.withLock { $0 } }
}
