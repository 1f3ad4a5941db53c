import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl verify-url` against `lambdactl serve` running a word streamer: the same judgement a
/// CI job makes of a deployed Function URL, on a real streaming front.
final class VerifyURLAgainstServeTests: XCTestCase {
    func verify(_ serve: ServeHarness, _ event: String, _ extra: [String] = []) throws -> ProcessResult {
        try LambdaTestSupport.run(Paths.lambdactl, ["verify-url", serve.base + "/", "--data", event, "--timeout", "20"] + extra)
    }

    func testResponseStreamModePassesAndExpectationsAreChecked() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let words = #"{"mode":"words","sentence":"one two three four","delay":0.2}"#
        let ok = try verify(serve, words, ["--expect-lines", "4", "--expect-status", "200", "--expect-header", "content-type:application/x-ndjson"])
        XCTAssertEqual(ok.status, 0, ok.transcript + serve.stdout)
        XCTAssertTrue(ok.stdout.contains("streams: "), ok.stdout)

        let lines = try verify(serve, words, ["--expect-lines", "5"])
        XCTAssertEqual(lines.status, 1, lines.transcript)
        XCTAssertTrue(lines.stdout.contains("error[lines]: 4 lines, expected 5"), lines.stdout)

        // The prelude's status (201) reaches the client; expecting 200 fails.
        let status = try verify(serve, #"{"mode":"prelude","split":"two"}"#, ["--expect-status", "200", "--min-chunks", "1", "--min-spread-ms", "0"])
        XCTAssertEqual(status.status, 1, status.transcript)
        XCTAssertTrue(status.stdout.contains("error[status]: status 201, expected 200"), status.stdout)
    }

    func testBufferedModeIsCaught() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)", "--invoke-mode", "BUFFERED"])
        defer { serve.stop() }
        let result = try verify(serve, #"{"mode":"words","sentence":"one two three","delay":0.2}"#)
        XCTAssertEqual(result.status, 1, result.transcript + serve.stdout)
        XCTAssertTrue(result.stdout.contains("error[buffered]"), result.stdout)
    }

    func testLeakedPreludeAndMidStreamErrorAreNamed() throws {
        let serve = try ServeHarness(["--dir", Fixture.streamRuntime, "--env", "FIXTURE_PYTHON=\(Fixture.python)"])
        defer { serve.stop() }
        let leak = try verify(serve, #"{"mode":"leaky-prelude"}"#)
        XCTAssertEqual(leak.status, 1, leak.transcript + serve.stdout)
        XCTAssertTrue(leak.stdout.contains("error[prelude-leaked]"), leak.stdout)

        let failed = try verify(serve, #"{"mode":"trailer"}"#)
        XCTAssertEqual(failed.status, 1, failed.transcript + serve.stdout)
        XCTAssertTrue(failed.stdout.contains("error[stream-cut]"), failed.stdout)
    }
}
