import Foundation
import LambdaTestSupport
import XCTest

/// The `swift-url` template as `lambdactl init` makes it, served by `lambdactl serve` and read by curl:
/// bodies it cannot read get a 400 that says what to send, the surrogate body that used to kill it
/// with SIGILL is a normal 200, and the same process keeps serving (one cold start for all requests).
final class SwiftURLTemplateServeTests: XCTestCase {
    /// Built the way it ships, into the same ignored scratch folder TemplateTests uses (so the two
    /// share one build).
    private func buildSwiftURL() throws -> String {
        let folder = Paths.repositoryRoot.appendingPathComponent("templates/swift-url").path
        let scratch = folder + "/.build-test"
        let result = try LambdaTestSupport.run("swift", ["build", "-c", "release", "--static-swift-stdlib", "-j", "2",
                                                         "--package-path", folder, "--scratch-path", scratch])
        XCTAssertEqual(result.status, 0, result.transcript)
        return scratch + "/release/bootstrap"
    }

    private func post(_ body: [UInt8], to serve: ServeHarness) throws -> (status: Int, body: String) {
        let folder = try TemporaryDirectory("swift-url-body")
        defer { folder.remove() }
        let file = try folder.write("body", Data(body))
        let result = try LambdaTestSupport.run("curl", ["-sS", "-N", "-o", "-", "-w", "\n%{http_code}",
                                                        "-H", "content-type: application/json", "--data-binary", "@\(file)", serve.base + "/"])
        XCTAssertEqual(result.status, 0, result.transcript)
        var lines = result.stdout.components(separatedBy: "\n")
        let status = Int(lines.removeLast()) ?? -1
        return (status, lines.joined(separator: "\n"))
    }

    private func words(_ text: String) -> [String?] {
        text.split(separator: "\n").map { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["word"] as? String
        }
    }

    func testUnreadableBodiesGet400AndTheFunctionKeepsServing() throws {
        let binary = try buildSwiftURL()
        let package = try TemporaryDirectory("swift-url-package")
        defer { package.remove() }
        try FileManager.default.copyItem(atPath: binary, toPath: package.path + "/bootstrap")
        let serve = try ServeHarness(["--dir", package.path])
        defer { serve.stop() }

        // The 28 bytes that trapped JSONValue: the lone high surrogate is U+FFFD, the A stays.
        let surrogate = Array(#"{"sentence":"\ud800\u0041","delay_ms":0}"#.utf8)
        let first = try post(surrogate, to: serve)
        XCTAssertEqual(first.status, 200, first.body + serve.stdout)
        XCTAssertEqual(words(first.body), ["\u{FFFD}A"])

        let bad: [(body: [UInt8], reason: String)] = [
            (Array("not json".utf8), "not a JSON object"),
            (Array(#"{"sentence":"a"#.utf8), "not a JSON object"),
            (Array(#"{"delay_ms":0}"#.utf8), "has no \"sentence\""),
            (Array(#"{"sentence":7}"#.utf8), "\"sentence\" must be a string"),
            (Array(#"{"sentence":"a","delay_ms":-1}"#.utf8), "\"delay_ms\" must be a whole number"),
            (Array("[1]".utf8), "not a JSON object"),
            ([0x7B, 0x22, 0x73, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], "not a JSON object"),
        ]
        for (body, reason) in bad {
            let answer = try post(body, to: serve)
            XCTAssertEqual(answer.status, 400, String(decoding: body, as: UTF8.self))
            let object = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any]
            let error = try XCTUnwrap(object?["error"] as? String, answer.body)
            XCTAssertTrue(error.contains(reason), "\(reason) not in \(error)")
            XCTAssertTrue(error.contains(#"send a JSON object such as {"sentence""#), error)
        }

        let normal = try post(Array(#"{"sentence":"still up","delay_ms":0}"#.utf8), to: serve)
        XCTAssertEqual(normal.status, 200, normal.body)
        XCTAssertEqual(words(normal.body), ["still", "up"])

        let requests = 2 + bad.count
        XCTAssertTrue(serve.waitForOutput { $0.components(separatedBy: "REPORT RequestId").count - 1 >= requests }, serve.stdout)
        XCTAssertEqual(serve.count("Init Duration"), 1, "a request started a new environment:\n\(serve.stdout)")
        XCTAssertFalse(serve.stdout.contains("Runtime.ExitError"), serve.stdout)
    }
}
