import Foundation
import LambdaTestSupport
import XCTest

/// `serve` of an arm64 function on this x86_64 machine: a Runtime API client written in C, cross-
/// compiled for aarch64 here, run by the kernel through QEMU (qemu-user-static's binfmt_misc entry,
/// which scripts/deps/arm64.sh registers). Nothing is faked in the first tests; the refusals use a
/// stand-in binfmt_misc table (`LAMBDACTL_BINFMT_MISC`), since the real one must stay registered.
final class EmulatedServeTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        #if !arch(x86_64)
        throw XCTSkip("these tests emulate arm64 on an x86_64 machine")
        #endif
        dir = try TemporaryDirectory("emulated")
    }

    override func tearDown() { dir?.remove() }

    static var runtimeSource: String {
        get throws {
            try String(contentsOfFile: Paths.cliRoot.appendingPathComponent("Tests/LambdaLocalTests/Fixtures/c-runtime/runtime.c").path, encoding: .utf8)
        }
    }

    /// A function folder whose bootstrap is the C runtime built for aarch64.
    func arm64Function(static isStatic: Bool) throws -> String {
        let binary = try Fixtures.compileAarch64(try Self.runtimeSource, in: dir, name: "runtime-arm64", flags: isStatic ? ["-static"] : [])
        try FileManager.default.createDirectory(atPath: dir.file("function"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: binary, toPath: dir.file("function/bootstrap"))
        return dir.file("function")
    }

    func lambdactl(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, arguments, environment: environment, currentDirectory: dir.path)
    }

    func testStaticArm64FunctionStreamsThroughEveryFront() throws {
        let function = try arm64Function(static: true)
        let serve = try ServeHarness(["--dir", function, "--name", "arm"])
        defer { serve.stop() }
        XCTAssertTrue(serve.stdout.contains("Emulated:      arm64 on this x86_64 machine, through qemu-aarch64 (binfmt_misc); durations are not Lambda's"), serve.stdout)

        // Function URL: three lines, each when the function writes it.
        let curl = try TimedOutput("curl", ["-sN", "-d", "{}", "\(serve.base)/"])
        XCTAssertEqual(curl.wait(), 0, curl.stderr)
        let lines = curl.lineArrivals
        // The function sees the Function URL's payload 2.0 event, which wraps the 2-byte body.
        XCTAssertEqual(lines.map { $0.1.components(separatedBy: " event-bytes=")[0] }, (1...3).map { "machine=aarch64 line=\($0)" }, curl.text)
        let eventBytes = lines.compactMap { Int($0.1.components(separatedBy: "event-bytes=").last ?? "") }
        XCTAssertEqual(eventBytes.count, 3, curl.text)
        XCTAssertTrue(eventBytes.allSatisfy { $0 > 200 }, "a payload 2.0 event, not the bare body: \(eventBytes)")
        for index in 1..<lines.count {
            let gap = lines[index].0.timeIntervalSince(lines[index - 1].0)
            XCTAssertGreaterThan(gap, 0.15, "line \(index + 1) arrived \(gap) s after the one before: not streamed")
        }
        XCTAssertTrue(serve.waitForOutput { $0.contains("Emulated: arm64 on x86_64") }, serve.stdout)
        XCTAssertTrue(serve.stdout.contains("\tMax Memory Used: "), serve.stdout)

        // Invoke: the whole stream as one payload.
        let invoke = try LambdaTestSupport.run("curl", ["-s", "-d", #"{"a":1}"#, "\(serve.base)/2015-03-31/functions/arm/invocations"])
        XCTAssertEqual(invoke.status, 0, invoke.transcript)
        XCTAssertEqual(invoke.stdout, (1...3).map { "machine=aarch64 line=\($0) event-bytes=7\n" }.joined())

        // InvokeWithResponseStream, read by lambdactl's own client.
        let streamed = try lambdactl(["invoke", "arm", "--local", "--port", String(serve.port), "--data", "[1,2,3]"])
        XCTAssertEqual(streamed.status, 0, streamed.transcript)
        XCTAssertTrue(streamed.stdout.contains("machine=aarch64 line=3 event-bytes=7"), streamed.stdout)
    }

    /// A dynamic arm64 program needs /lib/ld-linux-aarch64.so.1 and an arm64 libc, which this
    /// machine has only as Debian's cross sysroot: serve hands it to QEMU as QEMU_LD_PREFIX.
    func testDynamicArm64FunctionRunsAgainstTheCrossSysroot() throws {
        let function = try arm64Function(static: false)
        let serve = try ServeHarness(["--dir", function])
        defer { serve.stop() }
        let result = try LambdaTestSupport.run("curl", ["-s", "-d", "{}", "\(serve.base)/"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.hasPrefix("machine=aarch64 line=1"), result.stdout + serve.stderr)
    }

    /// A stand-in binfmt_misc table: `status` plus one entry as the kernel prints it.
    func binfmtTable(status: String? = "enabled", entry: String?) throws -> String {
        let root = dir.file("binfmt")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if let status { try dir.write("binfmt/status", status + "\n") }
        if let entry { try dir.write("binfmt/qemu-aarch64", entry) }
        try dir.write("binfmt/register", "")
        return root
    }

    static func qemuEntry(enabled: Bool = true, flags: String = "PF") -> String {
        """
        \(enabled ? "enabled" : "disabled")
        interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
        flags: \(flags)
        offset 0
        magic 7f454c460201010000000000000000000200b700
        mask ffffffffffffff00fffffffffffffffffeffffff

        """
    }

    func testEmulationProblemsAreRefusedWithTheFix() throws {
        let function = try arm64Function(static: true)
        let cases: [(table: String, expected: [String])] = [
            (try binfmtTable(status: nil, entry: nil), ["binfmt_misc is not mounted", "mount -t binfmt_misc"]),
        ]
        for (table, expected) in cases {
            let result = try lambdactl(["serve", "--dir", function, "--port", "0"], environment: ["LAMBDACTL_BINFMT_MISC": table])
            XCTAssertEqual(result.status, 2, result.transcript)
            for text in expected { XCTAssertTrue(result.stderr.contains(text), "\(text): \(result.stderr)") }
            XCTAssertFalse(result.stdout.contains("listening on"), result.stdout)
        }
        // Each table replaces the one before (same folder).
        let more: [(status: String?, entry: String?, expected: [String])] = [
            ("enabled", nil, ["no binfmt_misc entry runs arm64 programs", "apt-get install qemu-user-static binfmt-support", "lambdactl package --arch x86_64"]),
            ("enabled", Self.qemuEntry(enabled: false), ["'qemu-aarch64' is disabled", "update-binfmts --enable qemu-aarch64"]),
            ("enabled", Self.qemuEntry(flags: "P"), ["lacks the F (fix binary) flag", "--isolation none"]),
            ("disabled", Self.qemuEntry(), ["binfmt_misc is not mounted"]),
        ]
        for (status, entry, expected) in more {
            try? FileManager.default.removeItem(atPath: dir.file("binfmt"))
            let table = try binfmtTable(status: status, entry: entry)
            let result = try lambdactl(["serve", "--dir", function, "--port", "0"], environment: ["LAMBDACTL_BINFMT_MISC": table])
            XCTAssertEqual(result.status, 2, result.transcript)
            for text in expected { XCTAssertTrue(result.stderr.contains(text), "\(text): \(result.stderr)") }
        }
    }

    func testArchFlagThatContradictsTheBootstrapIsRefused() throws {
        let function = try arm64Function(static: true)
        let result = try lambdactl(["serve", "--dir", function, "--arch", "x86_64", "--port", "0"])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("the function is x86_64 (--arch or [function] arch in lambdactl.toml), but '"), result.stderr)
        XCTAssertTrue(result.stderr.contains("bootstrap' is built for arm64"), result.stderr)
        XCTAssertTrue(result.stderr.contains("lambdactl package --arch x86_64"), result.stderr)
    }

    /// A script bootstrap takes its architecture from what it runs from the package: here an arm64
    /// program in a layer at /opt/bin, as the python-stream template runs /opt/bin/python3.11.
    func testScriptBootstrapTakesTheArchitectureOfWhatItExecs() throws {
        let binary = try Fixtures.compileAarch64(try Self.runtimeSource, in: dir, name: "runtime-arm64", flags: ["-static"])
        try FileManager.default.createDirectory(atPath: dir.file("layer/bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: binary, toPath: dir.file("layer/bin/runtime"))
        try dir.write("script/bootstrap", "#!/bin/sh\nset -e\nexec /opt/bin/runtime\n", mode: 0o755)
        let serve = try ServeHarness(["--dir", dir.file("script"), "--layer", dir.file("layer")])
        defer { serve.stop() }
        XCTAssertTrue(serve.stdout.contains("Emulated:      arm64 on this x86_64 machine"), serve.stdout)
        let result = try LambdaTestSupport.run("curl", ["-s", "-d", "{}", "\(serve.base)/"])
        XCTAssertTrue(result.stdout.hasPrefix("machine=aarch64 line=1"), result.transcript + serve.stderr)
    }

    /// The python-stream template, unchanged, with a layer of Debian's real arm64 Python 3.11:
    /// its `#!/bin/sh` bootstrap execs /opt/bin/python3.11, which makes the function arm64, and
    /// every word arrives when the generator yields it.
    func testPythonStreamTemplateStreamsWithAnArm64PythonLayer() throws {
        let layer = try DebianArm64.pythonLayerFolder(in: dir)
        let template = Paths.repositoryRoot.appendingPathComponent("templates/python-stream").path
        let serve = try ServeHarness(["--dir", template, "--layer", layer])
        defer { serve.stop() }
        XCTAssertTrue(serve.stdout.contains("Emulated:      arm64 on this x86_64 machine, through qemu-aarch64"), serve.stdout)

        let curl = try TimedOutput("curl", ["-sN", "-d", #"{"sentence": "arm64 under qemu", "delay_ms": 300}"#, "\(serve.base)/"])
        XCTAssertEqual(curl.wait(), 0, curl.stderr + serve.stderr)
        let lines = curl.lineArrivals
        let words = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.1.utf8)) as? [String: Any] }.compactMap { $0["word"] as? String }
        XCTAssertEqual(words, ["arm64", "under", "qemu"], curl.text + serve.stderr)
        for index in 1..<lines.count {
            let gap = lines[index].0.timeIntervalSince(lines[index - 1].0)
            XCTAssertGreaterThan(gap, 0.15, "line \(index + 1) arrived \(gap) s after the one before: not streamed")
        }
        XCTAssertTrue(serve.waitForOutput { $0.contains("Emulated: arm64 on x86_64") }, serve.stdout)
    }

    /// A native function says nothing about emulation.
    func testNativeFunctionHasNoEmulationLine() throws {
        let binary = try Fixtures.compileC(try Self.runtimeSource, in: dir, name: "runtime-x86")
        let serve = try ServeHarness(["--binary", binary])
        defer { serve.stop() }
        XCTAssertFalse(serve.stdout.contains("Emulated"), serve.stdout)
        let result = try LambdaTestSupport.run("curl", ["-s", "-d", "{}", "\(serve.base)/"])
        XCTAssertTrue(result.stdout.hasPrefix("machine=x86_64 line=1"), result.transcript)
        XCTAssertTrue(serve.waitForOutput { $0.contains("REPORT RequestId") })
        XCTAssertFalse(serve.stdout.contains("Emulated"), serve.stdout)
    }
}
