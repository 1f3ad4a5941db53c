import Foundation
import LambdaTestSupport
import XCTest

/// `verify-url --function` reading the URL config through the real aws CLI v2 (ministack keeps
/// invoke modes like AWS).
final class VerifyFunctionTests: AWSTestCase {
    override class var serverKind: LocalAWSServer.Kind { .ministack }

    func testBufferedURLFailsBeforeAnyRequestAndAMissingURLIsAConfigurationError() throws {
        try deployFunction("words")
        let missing = try lambdactl(["verify-url", "--function", "words"])
        XCTAssertEqual(missing.status, 2, missing.transcript)
        XCTAssertTrue(missing.stderr.contains("words has no Function URL"), missing.transcript)

        XCTAssertEqual(try lambdactl(["url-config", "words", "--auth", "NONE", "--invoke-mode", "BUFFERED"]).status, 0)
        let buffered = try lambdactl(["verify-url", "--function", "words"])
        XCTAssertEqual(buffered.status, 1, buffered.transcript)
        XCTAssertTrue(buffered.stderr.contains("is in BUFFERED mode"), buffered.transcript)
        XCTAssertTrue(buffered.stderr.contains("lambdactl url-config words --invoke-mode RESPONSE_STREAM"), buffered.transcript)
        XCTAssertEqual(buffered.stdout, "", "no request is made for a BUFFERED URL")
    }

    func testStreamingURLIsRequested() throws {
        try deployFunction("stream")
        XCTAssertEqual(try lambdactl(["url-config", "stream", "--auth", "NONE"]).status, 0)
        let config = try awsJSON(["lambda", "get-function-url-config", "--function-name", "stream"])
        let url = try XCTUnwrap(config["FunctionUrl"] as? String)
        let result = try lambdactl(["verify-url", "--function", "stream", "--timeout", "5", "--json"])
        XCTAssertNotEqual(result.status, 2, result.transcript)
        let report = parseJSON(result.stdout)
        XCTAssertEqual(report["url"] as? String, url, result.transcript)
        try JSONDocs.check("verify-url", output: result.stdout)
    }
}

/// `build-layer dir --publish` against moto, read back with `aws lambda list-layer-versions`.
final class PublishLayerTests: AWSTestCase {
    func testFolderLayerIsPublishedForItsArchitecture() throws {
        let tool = try Fixtures.compileC(Fixtures.trivialProgram, in: temp, name: "tool")
        try FileManager.default.createDirectory(atPath: temp.file("layer/bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: tool, toPath: temp.file("layer/bin/tool"))
        let result = try lambdactl(["build-layer", "dir", "layer", "-o", "tools.zip", "--publish", "tools"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("Published arn:aws:lambda:"), result.stdout)
        let versions = try awsJSON(["lambda", "list-layer-versions", "--layer-name", "tools"])
        let list = versions["LayerVersions"] as? [[String: Any]] ?? []
        XCTAssertEqual(list.count, 1, "\(versions)")
        XCTAssertEqual(list.first?["CompatibleArchitectures"] as? [String], ["x86_64"])
        XCTAssertEqual(list.first?["CompatibleRuntimes"] as? [String], ["provided.al2023"])
        XCTAssertTrue(result.stdout.contains(list.first?["LayerVersionArn"] as? String ?? "<none>"), result.stdout)

        // deploy --layer with the same zip finds that version by the digest in its description.
        let zip = try makeZip("usestools.zip", machine: nil)
        let deployed = try lambdactl(["deploy", "--zip", zip, "--role", try role(), "--layer", "tools.zip", "--json"])
        XCTAssertEqual(deployed.status, 0, deployed.transcript)
        XCTAssertEqual(parseJSON(deployed.stdout)["publishedLayers"] as? [String], [], deployed.transcript)
        try JSONDocs.check("deploy", output: deployed.stdout)
        XCTAssertEqual(parseJSON(deployed.stdout)["layers"] as? [String], [list.first?["LayerVersionArn"] as? String ?? "<none>"], deployed.transcript)
        XCTAssertEqual((try awsJSON(["lambda", "list-layer-versions", "--layer-name", "tools"])["LayerVersions"] as? [[String: Any]])?.count, 1)
    }
}
