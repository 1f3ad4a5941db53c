import Foundation
import LambdaTestSupport
import XCTest

/// AWS's own Runtime Interface Emulator (the static Go binary from the aws-sam-cli wheel, installed by
/// scripts/deps/rie.sh), running one bootstrap on free loopback ports. It is the reference the tests
/// hold `lambdactl serve` and the runtime core against: written by AWS, not by this project.
///
/// RIE execs the bootstrap as a host process. When the function must see files at Lambda's paths
/// (a layer at `/opt`, code at `/var/task`, or `/opt/bootstrap` in Managed-Instances mode), RIE runs
/// inside a private mount namespace (`unshare --mount`, as root) in which an overlay adds those
/// files on top of the host's folders, so the toolchain's libraries under /opt stay visible.
final class RuntimeInterfaceEmulator {
    static let binary = "/opt/lambdactl-deps/rie/1.170.0/aws-lambda-rie-x86_64"

    private(set) var process: BackgroundProcess!
    let port: Int
    private let logPath: String
    private let scratch: TemporaryDirectory

    /// - Parameters:
    ///   - command: the bootstrap and its arguments, as RIE execs them.
    ///   - optOverlay: a folder whose contents appear under `/opt` (e.g. `bootstrap`, `bin/python3.11`).
    ///   - task: a folder mounted at `/var/task`.
    ///   - maxConcurrency: sets `AWS_LAMBDA_MAX_CONCURRENCY`, RIE's Managed-Instances mode.
    init(command: [String], environment: [String: String] = [:], optOverlay: String? = nil, task: String? = nil,
         maxConcurrency: Int? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw FixtureError(message: "\(Self.binary) is missing: run scripts/deps/rie.sh")
        }
        scratch = try TemporaryDirectory()
        port = Paths.freePort()
        let runtimeAPIPort = Paths.freePort()
        logPath = scratch.file("rie.log")
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let rie = [Self.binary, "--runtime-interface-emulator-address", "127.0.0.1:\(port)",
                   "--runtime-api-address", "127.0.0.1:\(runtimeAPIPort)", "--log-level", "debug"] + command
        var environment = environment
        if let maxConcurrency { environment["AWS_LAMBDA_MAX_CONCURRENCY"] = String(maxConcurrency) }
        let launch: [String]
        if optOverlay != nil || task != nil {
            var script = "set -e\n"
            if let optOverlay {
                let upper = scratch.file("opt-upper"), work = scratch.file("opt-work")
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: optOverlay, toPath: upper)
                script += "mount -t overlay overlay -o lowerdir=/opt,upperdir=\(upper),workdir=\(work) /opt\n"
            }
            if let task {
                try FileManager.default.createDirectory(atPath: "/var/task", withIntermediateDirectories: true)
                script += "mount --bind \(task) /var/task\n"
            }
            script += "exec \"$@\"\n"
            launch = ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, "rie-namespace"] + rie
        } else {
            launch = rie
        }
        process = try BackgroundProcess(launch[0], Array(launch.dropFirst()), environment: environment,
                                        standardOutput: .file(logPath), standardError: .file(logPath))
        try waitUntilListening()
    }

    /// Connects until RIE accepts on its port (the event that it is ready), or fails with its log.
    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            guard process.isRunning else { break }
            if Self.accepts(port: port) { return }
            usleep(20_000)
        }
        throw FixtureError(message: "RIE did not listen on \(port):\n\(log)")
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// Everything RIE and the function printed so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// How many times RIE started the runtime's init phase (one per cold start).
    var coldStarts: Int { log.components(separatedBy: "INIT START").count - 1 }

    func invoke(_ body: String) throws -> HTTPExchange {
        try HTTPExchange.post("http://127.0.0.1:\(port)/2015-03-31/functions/function/invocations", body: body)
    }

    func stop() {
        process?.stop()
        scratch.remove()
    }

    deinit { stop() }
}

/// One HTTP POST made with curl (an independent client), with status, headers and body.
struct HTTPExchange {
    var status: Int
    var headers: [String: String]
    var body: String

    var json: [String: Any]? { Fixture.json(body) }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    static func post(_ url: String, body: String, timeout: Int = 60) throws -> HTTPExchange {
        let directory = try TemporaryDirectory()
        let headerFile = directory.file("headers"), bodyFile = directory.file("body")
        let result = try runProcess("curl", ["-sS", "-m", String(timeout), "-o", bodyFile, "-D", headerFile,
                                             "-w", "%{http_code}", "--data-binary", body, url])
        guard result.status == 0, let status = Int(result.stdout) else {
            throw FixtureError(message: "curl \(url): \(result.transcript)")
        }
        var headers: [String: String] = [:]
        let headerText = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        for line in headerText.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bytes = FileManager.default.contents(atPath: bodyFile) ?? Data()
        return HTTPExchange(status: status, headers: headers, body: String(decoding: bytes, as: UTF8.self))
    }
}
