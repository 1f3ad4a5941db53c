import Foundation
import LambdaTestSupport
import XCTest

/// Base for tests against a local control plane: one server per test class (started in
/// `setUp()` of the first test, stopped in the class `tearDown`), reset before each test, and
/// helpers to run the built lambdactl and the real aws CLI against it.
class AWSTestCase: XCTestCase {
    class var serverKind: LocalAWSServer.Kind { .moto }

    nonisolated(unsafe) static var servers: [String: LocalAWSServer] = [:]
    nonisolated(unsafe) static var cache: TemporaryDirectory?

    var server: LocalAWSServer!
    var temp: TemporaryDirectory!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let key = String(describing: type(of: self))
        if Self.cache == nil { Self.cache = try TemporaryDirectory("lambdactl-aws-cache") }
        if let existing = Self.servers[key], existing.process.isRunning {
            server = existing
            try server.reset()
        } else {
            server = try LocalAWSServer(Self.serverKind)
            Self.servers[key] = server
        }
        temp = try TemporaryDirectory("lambdactl-aws-test")
    }

    override func tearDown() {
        temp?.remove()
        super.tearDown()
    }

    override class func tearDown() {
        servers[String(describing: self)]?.stop()
        servers[String(describing: self)] = nil
        cache?.remove()
        cache = nil
        super.tearDown()
    }

    var environment: [String: String] { LocalAWSServer.environment(cache: Self.cache!.path) }

    /// Runs the built lambdactl with the endpoint of this test's server.
    @discardableResult
    func lambdactl(_ arguments: [String], endpoint: Bool = true, environment extra: [String: String] = [:]) throws -> ProcessResult {
        var arguments = arguments
        if endpoint { arguments += ["--endpoint-url", server.endpoint] }
        return try runProcess(Paths.lambdactl, arguments, environment: environment.merging(extra) { $1 }, currentDirectory: temp.path)
    }

    /// Deploys a script-bootstrap function named `name` with a fixed role (ministack's account).
    func deployFunction(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let zip = try makeZip("\(name).zip", machine: nil)
        let result = try lambdactl(["deploy", "--zip", zip, "--role", "arn:aws:iam::000000000000:role/test-role"])
        XCTAssertEqual(result.status, 0, result.transcript, file: file, line: line)
    }

    /// The real aws CLI v2 (an independent reader of what lambdactl did).
    @discardableResult
    func aws(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(LocalAWSServer.awsV2, arguments + ["--endpoint-url", server.endpoint, "--output", "json"], environment: environment)
    }

    /// `aws ...` that must succeed, decoded as JSON.
    func awsJSON(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let result = try aws(arguments)
        XCTAssertEqual(result.status, 0, result.transcript, file: file, line: line)
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    /// A zip written by Python's zipfile (made by Unix, bootstrap 0755): an ELF header for
    /// `machine` (62 x86_64, 183 arm64), or a shell script when `machine` is nil. `padding` adds an
    /// incompressible file of that many bytes (for the S3 path).
    func makeZip(_ name: String, machine: UInt16? = 62, padding: Int = 0, marker: String = "") throws -> String {
        let bootstrap: Data = machine.map { Fixtures.elfHeader(machine: $0) } ?? Data("#!/bin/sh\necho hello \(marker)\n".utf8)
        let bootstrapPath = try temp.write("src-\(name)/bootstrap", bootstrap, mode: 0o755)
        let zipPath = temp.file(name)
        let script = """
        import os, sys, zipfile
        out, boot, padding, marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            info = zipfile.ZipInfo("bootstrap", date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (0o100755 << 16)
            z.writestr(info, open(boot, "rb").read())
            note = zipfile.ZipInfo("marker.txt", date_time=(2020, 1, 1, 0, 0, 0))
            note.create_system = 3
            note.external_attr = (0o100644 << 16)
            z.writestr(note, marker)
            if padding:
                pad = zipfile.ZipInfo("padding.bin", date_time=(2020, 1, 1, 0, 0, 0))
                pad.create_system = 3
                pad.external_attr = (0o100644 << 16)
                z.writestr(pad, os.urandom(padding), compress_type=zipfile.ZIP_STORED)
        """
        let result = try runProcess("python3", ["-c", script, zipPath, bootstrapPath, String(padding), marker])
        XCTAssertEqual(result.status, 0, result.transcript)
        return zipPath
    }

    /// A layer zip with one file under `bin/`.
    func makeLayerZip(_ name: String) throws -> String {
        let zipPath = temp.file(name)
        let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            info = zipfile.ZipInfo("bin/hello", date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (0o100755 << 16)
            z.writestr(info, "#!/bin/sh\\necho layer\\n")
        """
        let result = try runProcess("python3", ["-c", script, zipPath])
        XCTAssertEqual(result.status, 0, result.transcript)
        return zipPath
    }

    /// base64(sha256(file)), computed by Python: what Lambda reports as CodeSha256.
    func codeSha256(_ path: String) throws -> String {
        let result = try runProcess("python3", ["-c", "import base64,hashlib,sys;print(base64.b64encode(hashlib.sha256(open(sys.argv[1],'rb').read()).digest()).decode())", path])
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func role() throws -> String {
        let created = try awsJSON(["iam", "create-role", "--role-name", "test-role", "--assume-role-policy-document",
                                   #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#])
        return ((created["Role"] as? [String: Any])?["Arn"] as? String) ?? ""
    }

    func parseJSON(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }
}
