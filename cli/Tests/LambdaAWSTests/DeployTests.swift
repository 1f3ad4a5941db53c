import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl deploy` against moto_server, read back with the real aws CLI v2.
final class DeployTests: AWSTestCase {
    func testCreateThenUpdateUploadsNothingForTheSameZipAndUpdatesChangedCode() throws {
        let roleArn = try role()
        let zip = try makeZip("hello.zip", machine: nil, marker: "v1")

        let created = try lambdactl(["deploy", "--zip", zip, "--role", roleArn, "--memory", "256", "--env", "MODE=test"])
        XCTAssertEqual(created.status, 0, created.transcript)
        XCTAssertTrue(created.stdout.contains("Created hello"), created.transcript)
        let function = try awsJSON(["lambda", "get-function-configuration", "--function-name", "hello"])
        XCTAssertEqual(function["CodeSha256"] as? String, try codeSha256(zip))
        XCTAssertEqual(function["Runtime"] as? String, "provided.al2023")
        XCTAssertEqual(function["Handler"] as? String, "bootstrap")
        XCTAssertEqual(function["MemorySize"] as? Int, 256)
        XCTAssertEqual(function["Architectures"] as? [String], ["x86_64"])
        XCTAssertEqual((function["Environment"] as? [String: Any])?["Variables"] as? [String: String], ["MODE": "test"])

        // Same zip, same settings: nothing is sent (verbose shows every aws command that ran).
        let again = try lambdactl(["deploy", "--zip", zip, "--memory", "256", "--env", "MODE=test", "--json", "-v"])
        XCTAssertEqual(again.status, 0, again.transcript)
        let summary = parseJSON(again.stdout)
        XCTAssertEqual(summary["codeUploaded"] as? Bool, false, again.transcript)
        XCTAssertEqual(summary["action"] as? String, "unchanged")
        XCTAssertTrue(again.stderr.contains("upload skipped"), again.transcript)
        XCTAssertFalse(again.stderr.contains("update-function-code"), again.transcript)
        XCTAssertFalse(again.stderr.contains("update-function-configuration"), again.transcript)

        // New code and a new timeout: both updated.
        let zip2 = try makeZip("hello.zip", machine: nil, marker: "v2")
        let updated = try lambdactl(["deploy", "--zip", zip2, "--timeout", "30", "--json"])
        XCTAssertEqual(updated.status, 0, updated.transcript)
        XCTAssertEqual(parseJSON(updated.stdout)["codeUploaded"] as? Bool, true, updated.transcript)
        let after = try awsJSON(["lambda", "get-function-configuration", "--function-name", "hello"])
        XCTAssertEqual(after["CodeSha256"] as? String, try codeSha256(zip2))
        XCTAssertEqual(after["Timeout"] as? Int, 30)
        XCTAssertEqual(parseJSON(updated.stdout)["codeSha256"] as? String, try codeSha256(zip2))
    }

    func testArm64BootstrapCreatesAnArm64FunctionAndAMismatchIsRefusedBeforeAnyCall() throws {
        let roleArn = try role()
        let zip = try makeZip("armfn.zip", machine: 183)
        // --arch x86_64 against an arm64 bootstrap: refused with no aws CLI at all (proves no call).
        let refused = try lambdactl(["deploy", "--zip", zip, "--role", roleArn, "--arch", "x86_64"],
                                    environment: ["LAMBDACTL_AWS": "/nonexistent/aws"])
        XCTAssertEqual(refused.status, 1, refused.transcript)
        XCTAssertTrue(refused.stderr.contains("arm64"), refused.transcript)
        XCTAssertTrue(refused.stderr.contains("exec format error"), refused.transcript)
        XCTAssertEqual(try aws(["lambda", "get-function", "--function-name", "armfn"]).status, 254)

        let created = try lambdactl(["deploy", "--zip", zip, "--role", roleArn])
        XCTAssertEqual(created.status, 0, created.transcript)
        XCTAssertTrue(created.stdout.contains("Architecture  arm64"), created.transcript)
        let function = try awsJSON(["lambda", "get-function-configuration", "--function-name", "armfn"])
        XCTAssertEqual(function["Architectures"] as? [String], ["arm64"])
    }

    func testLayerZipIsPublishedOnceAndAttachedWithAnARN() throws {
        let roleArn = try role()
        let zip = try makeZip("layered.zip", machine: nil)
        let layerZip = try makeLayerZip("tools.zip")
        // A layer published by someone else, attached by ARN.
        let externalZip = try makeLayerZip("external.zip")
        let externalLayer = try awsJSON(["lambda", "publish-layer-version", "--layer-name", "external", "--zip-file", "fileb://" + externalZip])
        let external = try XCTUnwrap(externalLayer["LayerVersionArn"] as? String)
        let first = try lambdactl(["deploy", "--zip", zip, "--role", roleArn, "--layer", layerZip, "--layer", external, "--json"])
        XCTAssertEqual(first.status, 0, first.transcript)
        let versions = try awsJSON(["lambda", "list-layer-versions", "--layer-name", "tools"])["LayerVersions"] as? [[String: Any]] ?? []
        XCTAssertEqual(versions.count, 1, first.transcript)
        XCTAssertEqual(versions.first?["CompatibleRuntimes"] as? [String], ["provided.al2023"])
        XCTAssertEqual(versions.first?["CompatibleArchitectures"] as? [String], ["x86_64"])
        let published = try XCTUnwrap(versions.first?["LayerVersionArn"] as? String)
        let function = try awsJSON(["lambda", "get-function-configuration", "--function-name", "layered"])
        XCTAssertEqual((function["Layers"] as? [[String: Any]])?.compactMap { $0["Arn"] as? String }, [published, external])

        let second = try lambdactl(["deploy", "--zip", zip, "--layer", layerZip, "--layer", external, "--json"])
        XCTAssertEqual(second.status, 0, second.transcript)
        XCTAssertEqual(parseJSON(second.stdout)["publishedLayers"] as? [String], [], second.transcript)
        XCTAssertEqual((try awsJSON(["lambda", "list-layer-versions", "--layer-name", "tools"])["LayerVersions"] as? [[String: Any]])?.count, 1)
    }

    func testZipOver50MBGoesThroughS3AndIsRefusedWithoutABucket() throws {
        let roleArn = try role()
        let zip = try makeZip("big.zip", machine: nil, padding: 60 * 1024 * 1024)
        let refused = try lambdactl(["deploy", "--zip", zip, "--role", roleArn], environment: ["LAMBDACTL_AWS": "/nonexistent/aws"])
        XCTAssertEqual(refused.status, 2, refused.transcript)
        XCTAssertTrue(refused.stderr.contains("--s3-bucket"), refused.transcript)
        XCTAssertTrue(refused.stderr.contains("50 MB"), refused.transcript)

        XCTAssertEqual(try aws(["s3api", "create-bucket", "--bucket", "code-bucket"]).status, 0)
        let deployed = try lambdactl(["deploy", "--zip", zip, "--role", roleArn, "--s3-bucket", "code-bucket", "--json"])
        XCTAssertEqual(deployed.status, 0, deployed.transcript)
        let via = try XCTUnwrap(parseJSON(deployed.stdout)["codeVia"] as? String, deployed.transcript)
        XCTAssertTrue(via.hasPrefix("s3://code-bucket/lambdactl/big/"), via)
        let key = String(via.dropFirst("s3://code-bucket/".count))
        let object = try awsJSON(["s3api", "head-object", "--bucket", "code-bucket", "--key", key])
        XCTAssertEqual(object["ContentLength"] as? Int, (try FileManager.default.attributesOfItem(atPath: zip)[.size] as? NSNumber)?.intValue)
        let function = try awsJSON(["lambda", "get-function-configuration", "--function-name", "big"])
        XCTAssertEqual(function["CodeSha256"] as? String, try codeSha256(zip))
    }

    func testDryRunPrintsTheExactCommandsAndChangesNothing() throws {
        let zip = try makeZip("dry.zip", machine: nil)
        let result = try lambdactl(["deploy", "--zip", zip, "--create-role", "--env", "API_KEY=hunter2", "--url", "--auth", "NONE", "--dry-run"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.contains(" iam create-role --role-name lambdactl-dry ") }, result.stdout)
        let create = try XCTUnwrap(lines.first { $0.contains(" lambda create-function ") }, result.stdout)
        XCTAssertTrue(create.contains("--function-name dry --runtime provided.al2023 --handler bootstrap"), create)
        XCTAssertTrue(create.contains("--zip-file fileb://"), create)
        XCTAssertTrue(create.contains("--endpoint-url \(server.endpoint) --output json"), create)
        XCTAssertTrue(lines.contains { $0.contains("create-function-url-config --function-name dry --auth-type NONE --invoke-mode RESPONSE_STREAM") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.contains("add-permission") && $0.contains("--invoked-via-function-url") }, result.stdout)
        XCTAssertFalse(result.stdout.contains("hunter2") || result.stderr.contains("hunter2"), result.transcript)
        XCTAssertTrue(create.contains("API_KEY"), create)
        // Nothing exists afterwards.
        XCTAssertEqual(try aws(["lambda", "get-function", "--function-name", "dry"]).status, 254)
        XCTAssertEqual(try aws(["iam", "get-role", "--role-name", "lambdactl-dry"]).status, 254)
    }

    func testCreateRoleMakesARoleWithTheBasicExecutionPolicy() throws {
        let zip = try makeZip("withrole.zip", machine: nil)
        let result = try lambdactl(["deploy", "--zip", zip, "--create-role"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let attached = try awsJSON(["iam", "list-attached-role-policies", "--role-name", "lambdactl-withrole"])
        XCTAssertEqual((attached["AttachedPolicies"] as? [[String: Any]])?.compactMap { $0["PolicyName"] as? String }, ["AWSLambdaBasicExecutionRole"])
        let function = try awsJSON(["lambda", "get-function-configuration", "--function-name", "withrole"])
        XCTAssertEqual(function["Role"] as? String, "arn:aws:iam::123456789012:role/lambdactl-withrole")
    }

    /// A provided.al2 function stays on provided.al2 and is checked against its glibc (2.26): a
    /// binary linked here (GLIBC_2.34) is refused for it, a script is deployed without --runtime.
    func testAnExistingFunctionKeepsItsRuntimeAndIsCheckedAgainstIt() throws {
        let roleArn = try role()
        let first = try makeZip("oldrt.zip", machine: nil, marker: "v1")
        XCTAssertEqual(try aws(["lambda", "create-function", "--function-name", "oldrt", "--runtime", "provided.al2", "--handler", "bootstrap",
                                "--role", roleArn, "--zip-file", "fileb://" + first]).status, 0)
        let script = try makeZip("oldrt.zip", machine: nil, marker: "v2")
        let dry = try lambdactl(["deploy", "--zip", script, "--memory", "256", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.transcript)
        XCTAssertFalse(dry.stdout.contains("--runtime"), dry.transcript)
        let deployed = try lambdactl(["deploy", "--zip", script, "--memory", "256"])
        XCTAssertEqual(deployed.status, 0, deployed.transcript)
        XCTAssertTrue(deployed.stdout.contains("Runtime       provided.al2\n"), deployed.transcript)
        XCTAssertEqual(try awsJSON(["lambda", "get-function-configuration", "--function-name", "oldrt"])["Runtime"] as? String, "provided.al2")

        let binary = try Fixtures.compileC(Fixtures.trivialProgram, in: temp, name: "bootstrap")
        let elfZip = temp.file("oldrt-elf.zip")
        try Fixtures.pythonZip(at: elfZip, [ZipFixtureEntry("bootstrap", Array(try Data(contentsOf: URL(fileURLWithPath: binary))), mode: 0o100755)])
        let refused = try lambdactl(["deploy", "--function", "oldrt", "--zip", elfZip])
        XCTAssertEqual(refused.status, 1, refused.transcript)
        XCTAssertTrue(refused.stderr.contains("provided.al2"), refused.transcript)
        XCTAssertTrue(refused.stderr.contains("GLIBC_2.34"), refused.transcript)
        // --runtime says otherwise: checked against al2023 and moved there.
        let moved = try lambdactl(["deploy", "--function", "oldrt", "--zip", elfZip, "--runtime", "provided.al2023"])
        XCTAssertEqual(moved.status, 0, moved.transcript)
        XCTAssertEqual(try awsJSON(["lambda", "get-function-configuration", "--function-name", "oldrt"])["Runtime"] as? String, "provided.al2023")
    }

    /// moto ignores update-function-code --architectures: the summary shows what AWS returned and
    /// a warning says it differs from what was asked.
    func testTheSummaryShowsTheArchitectureAWSReturned() throws {
        let roleArn = try role()
        XCTAssertEqual(try lambdactl(["deploy", "--zip", try makeZip("archret.zip", machine: 62), "--role", roleArn]).status, 0)
        let updated = try lambdactl(["deploy", "--zip", try makeZip("archret.zip", machine: 183)])
        XCTAssertEqual(updated.status, 0, updated.transcript)
        let returned = try awsJSON(["lambda", "get-function-configuration", "--function-name", "archret"])["Architectures"] as? [String]
        XCTAssertEqual(returned, ["x86_64"], "moto keeps the architecture; if it stops doing so this test needs another stand-in")
        XCTAssertTrue(updated.stdout.contains("Architecture  x86_64"), updated.transcript)
        XCTAssertTrue(updated.stderr.contains("reports architecture x86_64, not the arm64 asked for"), updated.transcript)
    }

    /// --publish publishes after the update, --alias follows it; unchanged code publishes nothing
    /// new and leaves the alias alone.
    func testPublishAndAliasFollowTheCode() throws {
        let roleArn = try role()
        let v1 = try makeZip("versioned.zip", machine: nil, marker: "v1")
        let first = try lambdactl(["deploy", "--zip", v1, "--role", roleArn, "--alias", "live", "--json"])
        XCTAssertEqual(first.status, 0, first.transcript)
        XCTAssertEqual(parseJSON(first.stdout)["version"] as? String, "1", first.transcript)
        XCTAssertEqual(parseJSON(first.stdout)["aliasAction"] as? String, "created", first.transcript)
        XCTAssertEqual(try awsJSON(["lambda", "get-alias", "--function-name", "versioned", "--name", "live"])["FunctionVersion"] as? String, "1")

        let same = try lambdactl(["deploy", "--zip", v1, "--alias", "live", "-v"])
        XCTAssertEqual(same.status, 0, same.transcript)
        XCTAssertTrue(same.stdout.contains("Version       1\n"), same.transcript)
        XCTAssertTrue(same.stdout.contains("Alias         live → 1 (unchanged)"), same.transcript)
        XCTAssertFalse(same.stderr.contains(" update-alias ") || same.stderr.contains(" create-alias "), same.transcript)
        let versions = try awsJSON(["lambda", "list-versions-by-function", "--function-name", "versioned"])["Versions"] as? [[String: Any]] ?? []
        XCTAssertEqual(versions.compactMap { $0["Version"] as? String }, ["$LATEST", "1"])
        XCTAssertEqual(versions.last?["Description"] as? String, try codeSha256(v1), "the version is described by its CodeSha256")

        let v2 = try makeZip("versioned.zip", machine: nil, marker: "v2")
        let dry = try lambdactl(["deploy", "--zip", v2, "--alias", "live", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.transcript)
        XCTAssertTrue(dry.stdout.contains("lambda publish-version --function-name versioned --description \(try codeSha256(v2))"), dry.transcript)
        let second = try lambdactl(["deploy", "--zip", v2, "--alias", "live"])
        XCTAssertEqual(second.status, 0, second.transcript)
        XCTAssertTrue(second.stdout.contains("Alias         live → 2 (moved)"), second.transcript)
        let alias = try awsJSON(["lambda", "get-alias", "--function-name", "versioned", "--name", "live"])
        XCTAssertEqual(alias["FunctionVersion"] as? String, "2")
        let version2 = try awsJSON(["lambda", "get-function-configuration", "--function-name", "versioned", "--qualifier", "2"])
        XCTAssertEqual(version2["CodeSha256"] as? String, try codeSha256(v2))
    }

    func testMissingFunctionWithoutRoleSaysHowToFixIt() throws {
        let zip = try makeZip("norole.zip", machine: nil)
        let result = try lambdactl(["deploy", "--zip", zip])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("does not exist"), result.transcript)
        XCTAssertTrue(result.stderr.contains("--create-role"), result.transcript)
        XCTAssertTrue(result.stderr.contains("--role"), result.transcript)
    }
}
