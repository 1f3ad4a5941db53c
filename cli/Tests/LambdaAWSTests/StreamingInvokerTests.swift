import AWSEventStream
import Foundation
import LambdaAWS
import LambdaTestSupport
import Synchronization
import XCTest

/// The streaming invoke against a small Python test server that checks the SigV4 header with
/// botocore, and streams event-stream messages it encodes itself (binascii.crc32). Paths with
/// `missing`, `html`, `redirect` or `cut` give Lambda's 404, a 404 page from something that is not
/// Lambda, a redirect, and a stream cut before InvokeComplete.
final class StreamingInvokerTests: XCTestCase {
    static let server = """
    import binascii, datetime, json, os, struct, sys, time
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from unittest import mock
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    port, folder = int(sys.argv[1]), sys.argv[2]

    def header(name, value):
        n, v = name.encode(), value.encode()
        return bytes([len(n)]) + n + b"\\x07" + struct.pack(">H", len(v)) + v

    def message(event_type, content_type, payload):
        headers = header(":event-type", event_type) + header(":content-type", content_type) + header(":message-type", "event")
        total = 12 + len(headers) + len(payload) + 4
        prelude = struct.pack(">II", total, len(headers))
        prelude += struct.pack(">I", binascii.crc32(prelude))
        body = prelude + headers + payload
        return body + struct.pack(">I", binascii.crc32(body))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def chunk(self, data):
            self.wfile.write(b"%x\\r\\n" % len(data) + data + b"\\r\\n")
            self.wfile.flush()
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            amz_date = self.headers["X-Amz-Date"]
            req = AWSRequest(method="POST", url="http://%s%s" % (self.headers["Host"], self.path), data=body,
                             headers={"Content-Type": self.headers["Content-Type"]})
            when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                SigV4Auth(Credentials("AKIDTEST", "secret-key", "session-tok"), "lambda", "us-west-2").add_auth(req)
            ok = req.headers["Authorization"] == self.headers["Authorization"] and self.headers.get("X-Amz-Security-Token") == "session-tok"
            with open(os.path.join(folder, "request.json"), "w") as f:
                json.dump({"path": self.path, "body": body.decode(), "signatureOK": ok,
                           "authorization": self.headers["Authorization"], "expected": req.headers["Authorization"]}, f)
            if "html" in self.path or "redirect" in self.path:
                data = b"<html><body>Not Found</body></html>"
                self.send_response(404 if "html" in self.path else 307)
                self.send_header("Content-Type", "text/html")
                if "redirect" in self.path:
                    self.send_header("Location", "https://example.com/elsewhere")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            if "missing" in self.path:
                data = json.dumps({"Type": "User", "message": "Function not found"}).encode()
                self.send_response(404)
                self.send_header("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.amazon.eventstream")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("X-Amz-Executed-Version", "$LATEST")
            self.end_headers()
            first = message("PayloadChunk", "application/octet-stream", b"hello ")
            self.chunk(first[:7]); self.chunk(first[7:])
            if "cut" in self.path:
                self.chunk(message("PayloadChunk", "application/octet-stream", b"and then")[:9])
                self.close_connection = True
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            # The rest only once the client has shown the first chunk: proves it streams.
            deadline = time.time() + 20
            while not os.path.exists(os.path.join(folder, "go")) and time.time() < deadline:
                time.sleep(0.01)
            complete = json.dumps({"ErrorCode": "Boom" if "failing" in self.path else "", "ErrorDetails": "it broke" if "failing" in self.path else "", "LogResult": ""}).encode()
            rest = message("PayloadChunk", "application/octet-stream", b"world") + message("InvokeComplete", "application/json", complete)
            for i in range(0, len(rest), 5):
                self.chunk(rest[i:i + 5])
            self.wfile.write(b"0\\r\\n\\r\\n")
            self.wfile.flush()

    server = HTTPServer(("127.0.0.1", port), Handler)
    print("READY", server.server_address[1], flush=True)
    server.serve_forever()
    """

    var process: BackgroundProcess?
    var folder: TemporaryDirectory!
    var port = 0

    /// Starts the server on a port the system picks; its READY line (printed once it listens) is
    /// the event the test waits for, and carries the port.
    override func setUpWithError() throws {
        folder = try TemporaryDirectory("lambdactl-remote-invoke")
        let script = try folder.write("server.py", Self.server)
        let server = try BackgroundProcess("/opt/lambdactl-deps/aws-venv/bin/python", [script, "0", folder.path],
                                           standardOutput: .collected, standardError: .discarded)
        process = server
        let ready = try server.waitForLine(containing: "READY", timeout: 20)
        port = try XCTUnwrap(ready.split(separator: " ").last.flatMap { Int($0) }, ready)
    }

    override func tearDown() {
        process?.stop()
        folder?.remove()
    }

    var invoker: StreamingInvoker {
        StreamingInvoker(credentials: AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "secret-key", sessionToken: "session-tok"),
                               region: "us-west-2", endpoint: URL(string: "http://127.0.0.1:\(port)")!)
    }

    func testChunksArriveAsTheyAreSentWithAValidSignature() async throws {
        let received = ChunkLog()
        let folderPath = folder.path
        let result = try await invoker.invoke(function: "my-fn", payload: Array(#"{"n":1}"#.utf8)) { event in
            if case .payloadChunk(let bytes) = event {
                received.append(String(decoding: bytes, as: UTF8.self))
                // Only now may the server send the rest.
                _ = FileManager.default.createFile(atPath: folderPath + "/go", contents: nil)
            }
        }
        XCTAssertEqual(received.items, ["hello ", "world"])
        XCTAssertEqual(result.statusCode, 200)
        XCTAssertEqual(result.executedVersion, "$LATEST")
        XCTAssertFalse(result.complete.isError)
        let request = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.file("request.json")))) as? [String: Any]
        XCTAssertEqual(request?["path"] as? String, "/2021-11-15/functions/my-fn/response-streaming-invocations")
        XCTAssertEqual(request?["body"] as? String, #"{"n":1}"#)
        XCTAssertEqual(request?["signatureOK"] as? Bool, true, "\(request ?? [:])")
    }

    /// The credentials come from the real aws CLI (`configure export-credentials`), never logged.
    func testCredentialsFromTheCLIAndTheEndpointFromItsOptions() async throws {
        let cache = try TemporaryDirectory("lambdactl-cli-cache")
        defer { cache.remove() }
        var environment = LocalAWSServer.environment(cache: cache.path)
        environment["AWS_ACCESS_KEY_ID"] = "AKIDTEST"
        environment["AWS_SECRET_ACCESS_KEY"] = "secret-key"
        environment["AWS_SESSION_TOKEN"] = "session-tok"
        environment["AWS_DEFAULT_REGION"] = "us-west-2"
        let logged = ChunkLog()
        let cli = try await AWSCLI(executable: LocalAWSServer.awsV2, options: AWSCLIOptions(endpointURL: "http://127.0.0.1:\(port)"),
                             environment: environment, log: { logged.append($0) })
        let invoker = try await StreamingInvoker.using(cli, environment: environment)
        XCTAssertEqual(invoker.signer.credentials.accessKeyId, "AKIDTEST")
        XCTAssertEqual(invoker.signer.region, "us-west-2")
        XCTAssertTrue(logged.items.contains { $0.contains("configure export-credentials --format process") }, "\(logged.items)")
        XCTAssertFalse(logged.items.joined().contains("secret-key"))
        _ = FileManager.default.createFile(atPath: folder.file("go"), contents: nil)
        let result = try await invoker.invoke(function: "my-fn", payload: Array("{}".utf8)) { _ in }
        XCTAssertEqual(result.statusCode, 200)
        let request = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.file("request.json")))) as? [String: Any]
        XCTAssertEqual(request?["signatureOK"] as? Bool, true, "\(request ?? [:])")
    }

    func testFunctionErrorAndHTTPErrorsAreReported() async throws {
        _ = FileManager.default.createFile(atPath: folder.file("go"), contents: nil)
        let failing = await outcome(of: "failing-fn")
        XCTAssertTrue("\(failing)".contains("Boom: it broke"), "\(failing)")
        let missing = await outcome(of: "missing-fn")
        XCTAssertTrue("\(missing)".contains("HTTP 404 ResourceNotFoundException: Function not found"), "\(missing)")
        XCTAssertTrue("\(missing)".contains("Check the function name"), "\(missing)")
    }

    /// An endpoint that is not Lambda's API (an HTML 404, a redirect) is named as the problem,
    /// instead of its page being dumped and the function name blamed (#14).
    func testAnEndpointThatIsNotLambdaIsNamed() async throws {
        for name in ["html-fn", "redirect-fn"] {
            let error = await outcome(of: name)
            guard case .notLambdaAPI(_, let status, let detail)? = error else { return XCTFail("\(name): \(String(describing: error))") }
            XCTAssertEqual(status, name == "html-fn" ? 404 : 307)
            XCTAssertTrue(detail.contains("text/html"), detail)
            XCTAssertTrue("\(error!)".contains("Check --endpoint-url"), "\(error!)")
            XCTAssertFalse("\(error!)".contains("<html>"), "the page itself is not the message")
            XCTAssertFalse(error!.isNetwork)
        }
        let redirect = await outcome(of: "redirect-fn")
        XCTAssertTrue("\(String(describing: redirect))".contains("redirect to https://example.com/elsewhere"), "\(String(describing: redirect))")
    }

    /// A stream whose connection ends before InvokeComplete: what arrived is delivered, and the
    /// call ends as incomplete (exit 1 in the command), not as a network failure.
    func testAStreamCutBeforeInvokeCompleteIsIncomplete() async throws {
        let received = ChunkLog()
        let error = await outcome(of: "cut-fn") { event in
            if case .payloadChunk(let bytes) = event { received.append(String(decoding: bytes, as: UTF8.self)) }
        }
        guard case .incomplete? = error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(received.items, ["hello "])
    }

    /// A refused connection is reported at once, as the network's failure.
    func testARefusedConnectionIsANetworkError() async throws {
        let closed = StreamingInvoker.local(host: "127.0.0.1", port: Paths.freePort())
        do {
            _ = try await closed.invoke(function: "fn", payload: Array("{}".utf8)) { _ in }
            XCTFail("a closed port answered")
        } catch {
            XCTAssertTrue(error.isNetwork, "\(error)")
            XCTAssertTrue("\(error)".contains("connection refused"), "\(error)")
        }
    }

    private func outcome(of function: String, onEvent: (InvokeStreamEvent) -> Void = { _ in }) async -> InvokeError? {
        do {
            _ = try await invoker.invoke(function: function, payload: Array("{}".utf8), onEvent: onEvent)
            return nil
        } catch {
            return error
        }
    }
}

/// What the invoker's callbacks saw, in order; they run on AsyncHTTPClient's threads.
final class ChunkLog: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ item: String) { storage.withLock { $0.append(item) } }
    var items: [String] { storage.withLock { $0 } }
}
