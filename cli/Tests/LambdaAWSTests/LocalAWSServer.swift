import Foundation
import LambdaTestSupport
import XCTest

/// A local AWS control plane (moto_server or ministack) started by the tests on a free port, with
/// the installed AWS CLI v2 to drive it. Installed by scripts/deps/aws.sh; a missing tool fails
/// the tests (it never skips them).
final class LocalAWSServer: Sendable {
    enum Kind: String {
        case moto, ministack
        /// moto checking credentials (`INITIAL_NO_AUTH_ACTION_COUNT=0`): every key is unknown to it.
        case motoWithAuth
    }

    static let deps = "/opt/lambdactl-deps"
    static let awsV2 = deps + "/awscli/v2/2.38.5/dist/aws"
    static let awsDebian = "/usr/bin/aws-debian"

    let kind: Kind
    let port: Int
    let process: BackgroundProcess
    let workDirectory: TemporaryDirectory
    let logPath: String
    var endpoint: String { "http://127.0.0.1:\(port)" }
    var account: String { kind == .ministack ? "000000000000" : "123456789012" }

    init(_ kind: Kind) throws {
        self.kind = kind
        for tool in [Self.awsV2, Self.deps + "/aws-venv/bin/moto_server", Self.deps + "/aws-venv/bin/ministack"] {
            guard FileManager.default.isExecutableFile(atPath: tool) else {
                throw FixtureError(message: "\(tool) is missing: run scripts/deps/aws.sh")
            }
        }
        port = Paths.freePort()
        workDirectory = try TemporaryDirectory("lambdactl-\(kind.rawValue)")
        logPath = workDirectory.file("server.log")
        var environment: [String: String] = [:]
        let command: [String]
        switch kind {
        case .moto, .motoWithAuth:
            if kind == .motoWithAuth { environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "0" }
            command = [Self.deps + "/aws-venv/bin/moto_server", "-H", "127.0.0.1", "-p", String(port)]
            environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        case .ministack:
            command = [Self.deps + "/aws-venv/bin/ministack"]
            environment["GATEWAY_PORT"] = String(port)
            environment["BIND_HOST"] = "127.0.0.1"
        }
        process = try BackgroundProcess(command[0], Array(command.dropFirst()), environment: environment,
                                        currentDirectory: workDirectory.path,
                                        standardOutput: .file(logPath), standardError: .file(logPath))
        try waitUntilReady()
    }

    var probePath: String { kind == .ministack ? "/_ministack/health" : "/moto-api/" }

    /// Probes until the server answers. Neither moto nor ministack announces readiness on its
    /// own, so a refused probe is retried every 0.1 s for up to 30 s.
    func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let status = try? httpStatus("GET", probePath), status < 500 { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        stop()
        throw FixtureError(message: "\(kind) did not answer on \(endpoint) within 30 s:\n\(log.suffix(2000))")
    }

    /// Forgets every resource, so each test starts from an empty account.
    func reset() throws {
        let status = try httpStatus("POST", kind == .ministack ? "/_ministack/reset" : "/moto-api/reset")
        guard status < 300 else { throw FixtureError(message: "\(kind) reset answered \(status)") }
    }

    func stop() {
        process.stop(grace: 5)
        workDirectory.remove()
    }

    /// A tiny synchronous HTTP request with curl (probe and reset).
    func httpStatus(_ method: String, _ path: String) throws -> Int {
        let result = try runProcess("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", method, "--max-time", "5", endpoint + path])
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The environment the CLI and lambdactl run with: fake credentials, no pager, the real v2.
    static func environment(cache: String) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_PAGER": "",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/nonexistent/aws-config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
            "LAMBDACTL_AWS": awsV2,
            "XDG_CACHE_HOME": cache,
            "NO_COLOR": "",
        ]
    }
}
