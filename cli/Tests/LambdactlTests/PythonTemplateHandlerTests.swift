import Foundation
import LambdaTestSupport
import XCTest

/// python-stream's handler on its own, under the Python 3.11 the template targets: what it reads from
/// a direct event and from a Function URL body, and the error it raises for anything else.
final class PythonTemplateHandlerTests: XCTestCase {
    /// Runs the handler on each JSON event and prints one JSON line per event: the lines it streamed,
    /// or the exception's class and message.
    private func handle(_ events: [String]) throws -> [[String: Any]] {
        let script = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        import lambda_function
        for line in sys.stdin:
            try:
                out = {"lines": [chunk.decode() for chunk in lambda_function.lambda_handler(json.loads(line))]}
            except Exception as error:
                out = {"error": type(error).__name__, "message": str(error)}
            print(json.dumps(out), flush=True)
        """
        let python = (try? runProcess("python3.11", ["--version"]).status) == 0 ? "python3.11" : "python3"
        let template = Paths.repositoryRoot.appendingPathComponent("templates/python-stream").path
        let result = try runProcess(python, ["-c", script, template], input: Data(events.joined(separator: "\n").appending("\n").utf8))
        XCTAssertEqual(result.status, 0, result.transcript)
        return try result.stdout.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testDirectEventAndURLBodyStreamTheSameLines() throws {
        let body = #"{\"sentence\": \"a b\", \"delay_ms\": 0}"#
        let outcomes = try handle([
            #"{"sentence": "a b", "delay_ms": 0}"#,
            #"{"requestContext": {}, "body": "\#(body)"}"#,
            #"{"requestContext": {}, "isBase64Encoded": true, "body": "\#(Data(#"{"sentence": "a b", "delay_ms": 0}"#.utf8).base64EncodedString())"}"#,
        ])
        for outcome in outcomes {
            let lines = try XCTUnwrap(outcome["lines"] as? [String], "\(outcome)")
            XCTAssertEqual(lines.count, 2, "\(outcome)")
            XCTAssertTrue(lines.first?.contains(#""word": "a""#) ?? false, "\(outcome)")
        }
    }

    /// Each unreadable event raises BadRequest naming what is wrong and what to send; none is read as
    /// "no sentence" and answered with the default.
    func testUnreadableEventsRaiseBadRequestWithTheFix() throws {
        let cases: [(String, String)] = [
            (#"{"requestContext": {}, "body": "not json"}"#, "the request body is not JSON"),
            (#"{"requestContext": {}, "isBase64Encoded": true, "body": "@@@"}"#, "the request body is not JSON"),
            (#"[1, 2]"#, "not an object"),
            (#"{"sentence": 3}"#, #""sentence" must be a string"#),
            (#"{"delay_ms": 1.5}"#, #""delay_ms" must be a whole number"#),
            (#"{"delay_ms": 99999}"#, #""delay_ms" must be a whole number"#),
            (#"{"delay_ms": true}"#, #""delay_ms" must be a whole number"#),
        ]
        let outcomes = try handle(cases.map(\.0))
        XCTAssertEqual(outcomes.count, cases.count)
        for ((event, expected), outcome) in zip(cases, outcomes) {
            XCTAssertEqual(outcome["error"] as? String, "BadRequest", "\(event): \(outcome)")
            let message = outcome["message"] as? String ?? ""
            XCTAssertTrue(message.contains(expected), "\(event): \(message)")
            XCTAssertTrue(message.contains(#"send {"sentence""#), "\(event): \(message)")
        }
    }
}
