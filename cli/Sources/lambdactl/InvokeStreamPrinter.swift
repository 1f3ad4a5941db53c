import AWSEventStream
import Foundation
import LambdaLocal

/// Writes a response stream to stdout as it arrives and reports how it ended.
struct InvokeStreamPrinter {
    var stripPrelude: Bool
    private var scanner = HTTPIntegrationPreludeScanner()
    private var scanning: Bool
    private var complete: InvokeStreamEvent.InvokeComplete?
    private var exception: String?

    init(stripPrelude: Bool) {
        self.stripPrelude = stripPrelude
        scanning = stripPrelude
    }

    mutating func handle(_ event: InvokeStreamEvent) throws {
        switch event {
        case .payloadChunk(let bytes):
            guard scanning else { return write(bytes) }
            // A Function URL reply starts with a JSON prelude and 8 NUL bytes; anything else is body.
            switch scanner.feed(bytes) {
            case .needMore: break
            case .prelude(let prelude, let body):
                scanning = false
                if let prelude {
                    FileHandle.standardError.write(Data("HTTP \(prelude.statusCode) \(prelude.headers.map { "\($0.0): \($0.1)" }.joined(separator: "; "))\(prelude.cookies.isEmpty ? "" : " cookies: " + prelude.cookies.joined(separator: ", "))\n".utf8))
                }
                write(body)
            case .body(let body): write(body)
            }
        case .invokeComplete(let value):
            complete = value
        case .exception(let type, let message):
            exception = "\(type): \(message)"
        case .unknown:
            break
        }
    }

    /// Prints anything held back while looking for a prelude.
    mutating func flush() {
        if scanning {
            scanning = false
            write(scanner.finish())
        }
    }

    /// Exit status: 0 success, 1 function error or a stream without InvokeComplete.
    mutating func finish() -> Int32 {
        flush()
        if let exception {
            FileHandle.standardError.write(Data("error: \(exception)\n".utf8))
            return 1
        }
        guard let complete else {
            FileHandle.standardError.write(Data("error: the stream ended without InvokeComplete: the response may be incomplete.\n".utf8))
            return 1
        }
        if let log = complete.logResult, let data = Data(base64Encoded: log) {
            FileHandle.standardError.write(data)
        }
        if complete.isError {
            FileHandle.standardError.write(Data("error: \(complete.errorCode ?? ""): \(complete.errorDetails ?? "")\n".utf8))
            return 1
        }
        return 0
    }

    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue }; return }
                offset += written
            }
        }
    }
}
