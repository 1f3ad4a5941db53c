import Foundation
import LambdaTestSupport
import XCTest

/// `lambdactl build-layer` against the real docker engine with locally imported images, and a fake
/// `docker` where the real engine cannot play its part (an arm64 daemon).
final class BuildLayerTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        try DockerImages.ensure()
        dir = try TemporaryDirectory("layer")
    }

    override func tearDown() { dir?.remove() }

    func lambdactl(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, arguments, environment: environment, currentDirectory: dir.path)
    }

    /// name → (mode, content for symlinks) as Python's zipfile reads the layer.
    func pythonEntries(_ zip: String) throws -> [String: (Int, String)] {
        let result = try runProcess("python3", ["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            for i in z.infolist():
                mode = i.external_attr >> 16
                print(i.filename, mode, z.read(i).decode() if mode >> 12 == 0o12 else "-")
            """, zip])
        XCTAssertEqual(result.status, 0, result.transcript)
        var entries: [String: (Int, String)] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            entries[String(parts[0])] = (Int(parts[1])!, String(parts[2]))
        }
        return entries
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
    }

    func testPythonLayerFromTheAL2023Image() throws {
        let result = try lambdactl(["build-layer", "python", "--python", "3.11", "--arch", "x86_64", "--image", DockerImages.al2023, "-o", "python.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("targets provided.al2023 only"), result.stdout)
        XCTAssertTrue(result.stdout.contains("of the 250.0 MB budget"), result.stdout)
        XCTAssertTrue(result.stderr.contains("stand-in dnf: install -y python3.11 python3.11-libs"), result.stderr)

        let entries = try pythonEntries(dir.file("python.zip"))
        XCTAssertEqual(entries["bin/python3.11"]?.0, 0o100755)
        XCTAssertEqual(entries["lib/libpython3.11.so"]?.0, 0o120777)
        XCTAssertEqual(entries["lib/libpython3.11.so"]?.1, "libpython3.11.so.1.0")
        XCTAssertNotNil(entries["lib/libpython3.11.so.1.0"])
        XCTAssertNotNil(entries["lib/python3.11/lib-dynload/"])
        XCTAssertNotNil(entries["lib/python3.11/encodings/__init__.py"])
        XCTAssertEqual(try leftovers(), [], "the work folder must be removed")

        // The seed package checked against this layer: its /opt/bin/python3.11 is now accounted for.
        let template = Paths.repositoryRoot.appendingPathComponent("templates/python-stream").path
        XCTAssertEqual(try lambdactl(["package", "--dir", template, "-o", "fn.zip"]).status, 0)
        let doctor = try lambdactl(["doctor", "fn.zip", "--layer", "python.zip"])
        XCTAssertEqual(doctor.status, 0, doctor.transcript)
        XCTAssertTrue(doctor.stdout.contains("ok: no problems found"), doctor.stdout)
    }

    /// The real arm64 path on this x86_64 machine: the docker engine runs the `linux/arm64`
    /// stand-in image (busybox and a stand-in dnf, both run by QEMU inside the container) that
    /// installs Debian's arm64 Python 3.11, and build-layer checks what it copied out as arm64.
    /// Debian 12 built that interpreter against glibc 2.36, so the layer is refused for
    /// provided.al2023 (glibc 2.34) as it would fail there: the only arm64 Python 3.11 this
    /// machine can get. `EmulatedServeTests` serves the python-stream template with it.
    func testArm64ImageRunsUnderQEMUAndItsDebianPythonIsCheckedAsArm64() throws {
        #if !arch(x86_64)
        throw XCTSkip("this test emulates arm64 on an x86_64 machine")
        #else
        try DockerImages.ensureArm64()
        let result = try lambdactl(["build-layer", "python", "--python", "3.11", "--arch", "arm64", "--image", DockerImages.al2023Arm64, "-o", "python.zip"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("stand-in dnf (arm64): install -y python3.11 python3.11-libs"), result.stderr)
        XCTAssertTrue(result.stderr.contains("error[glibc-too-new]: 'bin/python3.11' needs GLIBC_2.35 but provided.al2023 has glibc 2.34"), result.stderr)
        XCTAssertTrue(result.stderr.contains("error[symlink-absolute]: 'lib/python3.11/sitecustomize.py'"), result.stderr)
        XCTAssertFalse(result.stderr.contains("elf-architecture-mismatch"), "the interpreter is arm64: \(result.stderr)")
        XCTAssertFalse(dir.exists("python.zip"))
        XCTAssertEqual(try leftovers(), [])
        #endif
    }

    func testLayerWithoutLibDynloadIsRefused() throws {
        let result = try lambdactl(["build-layer", "python", "--image", DockerImages.noDynload, "-o", "python.zip"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("error[python-lib-dynload-missing]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("binascii"), result.stderr)
        XCTAssertFalse(dir.exists("python.zip"))
        XCTAssertEqual(try leftovers(), [])
    }

    func testBrokenLibpythonSymlinkIsRefused() throws {
        let result = try lambdactl(["build-layer", "python", "--image", DockerImages.brokenLibpython, "-o", "python.zip"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("error[libpython-missing]"), result.stderr)
        XCTAssertFalse(dir.exists("python.zip"))
    }

    /// A fake `docker`: it plays an arm64 daemon whose image holds an x86_64 Python, the mistake the
    /// seed's troubleshooting list calls "exec format error". No real image can be made to lie so
    /// (an arm64-tagged image runs its x86_64 programs natively here), and the fake also checks
    /// the argv lambdactl sends.
    func testX86InterpreterInAnArm64LayerIsRefused() throws {
        let python = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "python-x86")
        let log = dir.file("docker-argv.txt")
        try dir.write("fakebin/docker", """
        #!/bin/sh
        # Fake docker (see the test's doc comment): an arm64 daemon that "extracts" Python.
        echo "$@" >> "\(log)"
        case "$1" in
          info) echo aarch64; exit 0 ;;
          run) ;;
          *) echo "fake docker: unexpected command $1" >&2; exit 99 ;;
        esac
        out=""
        prev=""
        for arg in "$@"; do
          if [ "$prev" = "-v" ]; then out="${arg%%:/output}"; fi
          prev="$arg"
        done
        case " $* " in *" --platform linux/arm64 "*) ;; *) echo "fake docker: no --platform linux/arm64" >&2; exit 98 ;; esac
        case " $* " in *" public.ecr.aws/lambda/provided:al2023 "*) ;; *) echo "fake docker: not the default image" >&2; exit 97 ;; esac
        mkdir -p "$out/bin" "$out/lib/python3.11/lib-dynload" "$out/lib/python3.11/encodings"
        cp "\(python)" "$out/bin/python3.11"
        echo "# enc" > "$out/lib/python3.11/encodings/__init__.py"
        """, mode: 0o755)
        let path = dir.path + "/fakebin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try lambdactl(["build-layer", "python", "--arch", "arm64", "-o", "arm.zip"], environment: ["PATH": path])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("error[elf-architecture-mismatch]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("bin/python3.11' is built for x86_64 but the function is arm64"), result.stderr)
        XCTAssertFalse(dir.exists("arm.zip"))
        let argv = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(argv.contains("run --rm --platform linux/arm64 --entrypoint  -v "), argv)
        XCTAssertTrue(argv.contains("dnf install -y python3.11 python3.11-libs"), argv)
    }

    /// Docker missing, stopped or unable to run the platform is configuration: exit 2.
    func testDockerProblemsAreExplainedBeforeAnythingIsWritten() throws {
        let missing = try lambdactl(["build-layer", "python", "-o", "a.zip"], environment: ["PATH": "/nonexistent"])
        XCTAssertEqual(missing.status, 2, missing.transcript)
        XCTAssertTrue(missing.stderr.contains("docker is not installed"), missing.stderr)

        let stopped = try lambdactl(["build-layer", "python", "-o", "a.zip"], environment: ["DOCKER_HOST": "unix://\(dir.path)/no.sock"])
        XCTAssertEqual(stopped.status, 2, stopped.transcript)
        XCTAssertTrue(stopped.stderr.contains("cannot reach the docker daemon"), stopped.stderr)

        // An empty stand-in binfmt_misc table: this machine's real one runs arm64 through QEMU.
        let table = dir.file("binfmt")
        try dir.write("binfmt/status", "enabled\n")
        let arm = try lambdactl(["build-layer", "python", "--arch", "arm64", "-o", "a.zip"], environment: ["LAMBDACTL_BINFMT_MISC": table])
        XCTAssertEqual(arm.status, 2, arm.transcript)
        XCTAssertTrue(arm.stderr.contains("cannot run linux/arm64 containers"), arm.stderr)
        XCTAssertTrue(arm.stderr.contains("qemu-user-static"), arm.stderr)
        XCTAssertFalse(dir.exists("a.zip"))
        XCTAssertEqual(try leftovers(), [])

        // An entry without the F flag cannot start inside a container: refused the same way.
        try dir.write("binfmt/qemu-aarch64", "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: P\noffset 0\nmagic 7f454c460201010000000000000000000200b700\nmask ffffffffffffff00fffffffffffffffffeffffff\n")
        let withoutF = try lambdactl(["build-layer", "python", "--arch", "arm64", "-o", "a.zip"], environment: ["LAMBDACTL_BINFMT_MISC": table])
        XCTAssertEqual(withoutF.status, 2, withoutF.transcript)
        XCTAssertTrue(withoutF.stderr.contains("with the F flag"), withoutF.stderr)
    }

    func testFolderLayer() throws {
        let tool = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "tool")
        try FileManager.default.createDirectory(atPath: dir.file("layer/bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: tool, toPath: dir.file("layer/bin/tool"))
        try dir.write("layer/lib/libdata.so.1", "data")
        try FileManager.default.createSymbolicLink(atPath: dir.file("layer/lib/libdata.so"), withDestinationPath: "libdata.so.1")
        let ok = try lambdactl(["build-layer", "dir", "layer", "-o", "tools.zip"])
        XCTAssertEqual(ok.status, 0, ok.transcript)
        let entries = try pythonEntries(dir.file("tools.zip"))
        XCTAssertEqual(entries["bin/tool"]?.0, 0o100755)
        XCTAssertEqual(entries["lib/libdata.so"]?.1, "libdata.so.1")

        let wrongArch = try lambdactl(["build-layer", "dir", "layer", "--arch", "arm64", "-o", "arm.zip"])
        XCTAssertEqual(wrongArch.status, 1, wrongArch.transcript)
        XCTAssertTrue(wrongArch.stderr.contains("elf-architecture-mismatch"), wrongArch.stderr)

        try FileManager.default.createSymbolicLink(atPath: dir.file("layer/lib/libgone.so"), withDestinationPath: "libgone.so.1")
        let broken = try lambdactl(["build-layer", "dir", "layer", "-o", "broken.zip"])
        XCTAssertEqual(broken.status, 1, broken.transcript)
        XCTAssertTrue(broken.stderr.contains("error[broken-symlink]"), broken.stderr)
        XCTAssertFalse(dir.exists("broken.zip"))
    }
}
