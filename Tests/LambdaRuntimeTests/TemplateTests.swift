import Foundation
import LambdaTestSupport
import XCTest

/// The Swift templates, built the way they ship (`-c release --static-swift-stdlib`) and run against
/// the test's Runtime API server: the word streamer's lines and the Function URL prelude.
final class TemplateTests: XCTestCase {
    private var server: FakeRuntimeAPI!
    private var runtime: RuntimeProcess?

    override func setUpWithError() throws { server = try FakeRuntimeAPI() }

    override func tearDown() {
        runtime?.stop()
        server?.stop()
    }

    /// Builds `templates/<name>` into its own ignored scratch folder and returns the `bootstrap` path.
    private func buildTemplate(_ name: String) throws -> String {
        let folder = Paths.repositoryRoot.appendingPathComponent("templates/\(name)").path
        let scratch = folder + "/.build-test"
        let result = try LambdaTestSupport.run("swift", ["build", "-c", "release", "--static-swift-stdlib", "--package-path", folder,
                                       "--scratch-path", scratch])
        XCTAssertEqual(result.status, 0, result.transcript)
        let binary = scratch + "/release/bootstrap"
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), result.transcript)
        // provided.al2023 has glibc 2.34: the bootstrap must not need a newer symbol version.
        let symbols = try LambdaTestSupport.run("objdump", ["-T", binary])
        XCTAssertEqual(symbols.status, 0, symbols.transcript)
        let versions = symbols.stdout.components(separatedBy: "GLIBC_").dropFirst().compactMap { part -> [Int]? in
            let digits = part.prefix { $0.isNumber || $0 == "." }
            return digits.split(separator: ".").compactMap { Int($0) }
        }
        let newest = versions.max { $0.lexicographicallyPrecedes($1) } ?? []
        XCTAssertFalse(newest.isEmpty, "no GLIBC symbol versions found in \(binary)")
        XCTAssertFalse([2, 34].lexicographicallyPrecedes(newest),
                       "\(name) needs GLIBC_\(newest.map(String.init).joined(separator: ".")), newer than provided.al2023's 2.34")
        return binary
    }

    private func lines(_ request: RecordedRequest, dropping prefix: Int = 0) throws -> [[String: Any]] {
        try (request.chunks ?? []).dropFirst(prefix).map { chunk in
            XCTAssertEqual(chunk.last, UInt8(ascii: "\n"), "each chunk is one line")
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(chunk)) as? [String: Any])
        }
    }

    func testWordStreamerSendsOneJSONLinePerWordAsOwnChunk() throws {
        let binary = try buildTemplate("swift-stream")
        runtime = try RuntimeProcess(executable: binary, runtimeAPI: server.address, handler: "")
        let id = server.enqueue("{\"sentence\": \"the quick  brown fox\", \"delay_ms\": 1}")
        let fallback = server.enqueue("{\"delay_ms\": 0}")
        let post = try XCTUnwrap(server.completion(of: id), runtime!.stderr)
        XCTAssertEqual(post.header("Lambda-Runtime-Function-Response-Mode"), "streaming")
        XCTAssertEqual(post.header("Content-Type"), "application/x-ndjson")
        let words = try lines(post)
        XCTAssertEqual(words.map { $0["word"] as? String }, ["the", "quick", "brown", "fox"])
        XCTAssertEqual(words.map { $0["index"] as? Int }, [0, 1, 2, 3])
        XCTAssertEqual(Set(words.map { $0["total"] as? Int }), [4])
        let defaults = try lines(try XCTUnwrap(server.completion(of: fallback)))
        XCTAssertEqual(defaults.map { $0["word"] as? String }, ["Hello", "world"])
    }

    func testFunctionURLTemplateSendsStatusHeadersThenLines() throws {
        let binary = try buildTemplate("swift-url")
        runtime = try RuntimeProcess(executable: binary, runtimeAPI: server.address, handler: "")
        let body = Data("{\"sentence\": \"a b c\", \"delay_ms\": 0}".utf8).base64EncodedString()
        let urlEvent = """
        {"version":"2.0","routeKey":"$default","rawPath":"/","rawQueryString":"","headers":{},
         "requestContext":{"http":{"method":"POST","path":"/"},"requestId":"r"},"body":"\(body)","isBase64Encoded":true}
        """
        let id = server.enqueue(urlEvent)
        let bad = server.enqueue("""
        {"version":"2.0","requestContext":{"http":{"method":"POST"}},"body":"not json","isBase64Encoded":false}
        """)
        let post = try XCTUnwrap(server.completion(of: id), runtime!.stderr)
        XCTAssertEqual(post.header("Content-Type"), "application/vnd.awslambda.http-integration-response")
        let chunks = try XCTUnwrap(post.chunks)
        let prelude = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(chunks[0])) as? [String: Any])
        XCTAssertEqual(prelude["statusCode"] as? Int, 200)
        XCTAssertEqual((prelude["headers"] as? [String: String])?["content-type"], "application/x-ndjson")
        XCTAssertEqual(chunks[1], [UInt8](repeating: 0, count: 8))
        XCTAssertEqual(try lines(post, dropping: 2).map { $0["word"] as? String }, ["a", "b", "c"])

        let surrogate = server.enqueue(#"{"requestContext":{},"body":"{\"sentence\":\"\\ud800\\u0041\",\"delay_ms\":0}"}"#)
        let noSentence = server.enqueue(#"{"requestContext":{},"body":"{\"delay_ms\":0}"}"#)
        let rejected = try XCTUnwrap(server.completion(of: bad))
        let badPrelude = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(rejected.chunks![0])) as? [String: Any])
        XCTAssertEqual(badPrelude["statusCode"] as? Int, 400)
        XCTAssertTrue(rejected.bodyText.contains("not a JSON object"), rejected.bodyText)
        XCTAssertEqual(try lines(try XCTUnwrap(server.completion(of: surrogate)), dropping: 2).map { $0["word"] as? String }, ["\u{FFFD}A"])
        let missing = try XCTUnwrap(server.completion(of: noSentence))
        let missingPrelude = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(missing.chunks![0])) as? [String: Any])
        XCTAssertEqual(missingPrelude["statusCode"] as? Int, 400)
        let error = try XCTUnwrap(try lines(missing, dropping: 2).first?["error"] as? String)
        XCTAssertTrue(error.contains("the request body has no \"sentence\"; send a JSON object such as"), error)
    }

    /// The error a completion reports, whether posted to `/error` or sent as the stream's trailers.
    private func errorText(_ post: RecordedRequest) -> String {
        if post.path.hasSuffix("/error") { return post.bodyText }
        let body = post.trailer("Lambda-Runtime-Function-Error-Body").flatMap { Data(base64Encoded: $0) } ?? Data()
        return String(decoding: body, as: UTF8.self)
    }

    /// swift-stream reads the sentence from a direct event and from a Function URL event's body
    /// (plain or base64); an event it cannot read fails that invocation with a message saying what to
    /// send, and the same process answers the next one.
    func testWordStreamerReadsFunctionURLBodiesAndSurvivesBadEvents() throws {
        let binary = try buildTemplate("swift-stream")
        runtime = try RuntimeProcess(executable: binary, runtimeAPI: server.address, handler: "")
        let encoded = Data(#"{"sentence": "from base64", "delay_ms": 0}"#.utf8).base64EncodedString()
        let urlBase64 = server.enqueue(#"{"version":"2.0","requestContext":{"http":{"method":"POST"}},"body":"\#(encoded)","isBase64Encoded":true}"#)
        let urlPlain = server.enqueue(#"{"version":"2.0","requestContext":{},"body":"{\"sentence\":\"\\ud800\\u0041 b\",\"delay_ms\":0}","isBase64Encoded":false}"#)
        let notJSON = server.enqueue("{\"sentence\": nope}")
        let badBase64 = server.enqueue(#"{"requestContext":{},"body":"e30","isBase64Encoded":true}"#)
        let badDelay = server.enqueue(#"{"sentence":"x","delay_ms":1.5}"#)
        let after = server.enqueue(#"{"sentence":"still here","delay_ms":0}"#)

        XCTAssertEqual(try lines(try XCTUnwrap(server.completion(of: urlBase64), runtime!.stderr)).map { $0["word"] as? String }, ["from", "base64"])
        XCTAssertEqual(try lines(try XCTUnwrap(server.completion(of: urlPlain))).map { $0["word"] as? String }, ["\u{FFFD}A", "b"])
        for (id, reason) in [(notJSON, "the event is not JSON: unexpected character (expected null) at byte 13"),
                             (badBase64, "not valid base64"), (badDelay, "\\\"delay_ms\\\" must be a whole number")] {
            let text = errorText(try XCTUnwrap(server.completion(of: id), runtime!.stderr))
            XCTAssertTrue(text.contains(reason), "\(reason) not in \(text)")
            XCTAssertTrue(text.contains(#"send {\"sentence\""#), text)
        }
        XCTAssertEqual(try lines(try XCTUnwrap(server.completion(of: after), runtime!.stderr)).map { $0["word"] as? String }, ["still", "here"])
        XCTAssertTrue(runtime!.isRunning, "the function exited:\n\(runtime!.stderr)")
    }
}
