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

        let rejected = try XCTUnwrap(server.completion(of: bad))
        let badPrelude = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(rejected.chunks![0])) as? [String: Any])
        XCTAssertEqual(badPrelude["statusCode"] as? Int, 400)
        XCTAssertTrue(rejected.bodyText.contains("not a JSON object"), rejected.bodyText)
    }
}
