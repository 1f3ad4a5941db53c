import Foundation
import LambdaTestSupport
import XCTest

/// With only lambdactl.toml (and the aws CLI's own AWS_ENDPOINT_URL pointing at moto), `deploy`
/// and `url-config` need no flags; a flag overrides the file; a typo is reported with its line.
final class ProjectFileTests: AWSTestCase {
    func writeProject(role: String, extra: String = "") throws {
        try temp.write("lambdactl.toml", """
        [function]
        name = "configured"
        role = "\(role)"
        memory = 256
        env = { GREETING = "hello" }
        \(extra)
        [url]
        auth = "NONE"
        """)
        let zip = try makeZip("configured.zip", machine: nil)
        try FileManager.default.createDirectory(atPath: temp.file(".lambdactl"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: zip, toPath: temp.file(".lambdactl/configured.zip"))
    }

    /// lambdactl run with no flags at all: the endpoint comes through the aws CLI's own variable.
    func bare(_ arguments: [String]) throws -> ProcessResult {
        try lambdactl(arguments, endpoint: false, environment: ["AWS_ENDPOINT_URL": server.endpoint])
    }

    func testDeployAndURLConfigFromTheProjectFileAlone() throws {
        try writeProject(role: try role())
        let deploy = try bare(["deploy"])
        XCTAssertEqual(deploy.status, 0, deploy.transcript)
        var config = try awsJSON(["lambda", "get-function-configuration", "--function-name", "configured"])
        XCTAssertEqual(config["MemorySize"] as? Int, 256)
        XCTAssertEqual(((config["Environment"] as? [String: Any])?["Variables"] as? [String: String])?["GREETING"], "hello")

        let override = try bare(["deploy", "--memory", "512"])
        XCTAssertEqual(override.status, 0, override.transcript)
        config = try awsJSON(["lambda", "get-function-configuration", "--function-name", "configured"])
        XCTAssertEqual(config["MemorySize"] as? Int, 512, "a flag overrides the file")

        let url = try bare(["url-config"])
        XCTAssertEqual(url.status, 0, url.transcript)
        let urlConfig = try awsJSON(["lambda", "get-function-url-config", "--function-name", "configured"])
        XCTAssertEqual(urlConfig["AuthType"] as? String, "NONE")
        XCTAssertEqual(urlConfig["InvokeMode"] as? String, "RESPONSE_STREAM")

        let shown = try bare(["config", "--json"])
        XCTAssertEqual(shown.status, 0, shown.transcript)
        let settings = (parseJSON(shown.stdout)["settings"] as? [[String: Any]]) ?? []
        let memory = settings.first { $0["key"] as? String == "function.memory" }
        XCTAssertEqual(memory?["value"] as? String, "256")
        XCTAssertEqual(memory?["source"] as? String, "lambdactl.toml:4")
        XCTAssertEqual(settings.first { $0["key"] as? String == "url.invoke_mode" }?["source"] as? String, "default")
    }

    func testATypoInTheFileIsReportedWithItsLine() throws {
        try writeProject(role: "arn:aws:iam::123456789012:role/none", extra: "timout = 30")
        let result = try bare(["deploy"])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("lambdactl.toml:6: unknown key 'function.timout'; did you mean 'function.timeout'?"), result.stderr)
        // Without a project file and without a name, the message says where the name goes.
        let noName = try runProcess(Paths.lambdactl, ["tail"], currentDirectory: "/")
        XCTAssertEqual(noName.status, 2, noName.transcript)
        XCTAssertTrue(noName.stderr.contains("set [function] name"), noName.stderr)
    }
}
