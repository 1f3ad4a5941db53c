import Foundation
import LambdaTestSupport
import XCTest

/// `package --product --build swift-sdk`, and `--build auto` choosing it for the other architecture.
///
/// The real Static Linux SDK cannot be installed on this machine (it is a download from swift.org,
/// and nothing outside the package registries can be fetched here), so most tests put a recording
/// stand-in `swift` first on PATH: it answers `swift sdk list` and `swift sdk configure
/// --show-configuration` from the SDKs a test gives it, writes every argv it gets to a file, and
/// for `swift build ... --show-bin-path` prints a bin folder where its `swift build` put a real
/// static arm64 (or x86_64) ELF compiled by gcc. What lambdactl sends to swift, and what it does with
/// the answers, is what is tested; one test runs the real SDK when `swift sdk list` shows one.
final class SwiftSDKBuildTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("swift-sdk") }
    override func tearDown() { dir.remove() }

    static let bundle = "swift-6.3.1-RELEASE_static-linux-0.0.1"
    static let arm64Triple = "aarch64-swift-linux-musl"
    static let x86Triple = "x86_64-swift-linux-musl"

    /// An empty folder standing for the package (the stand-in compiles nothing).
    var package: String {
        let path = dir.file("pkg")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    var swiftLog: String { dir.file("swift-argv.txt") }
    var dockerLog: String { dir.file("docker-argv.txt") }

    /// Installs the stand-in `swift` in `bin/`: `sdks` are the lines `swift sdk list` prints (none:
    /// SwiftPM's "No Swift SDKs are currently installed."), `provides` the `ID TRIPLE` pairs that
    /// `swift sdk configure --show-configuration ID TRIPLE` accepts, `binary` what `swift build`
    /// leaves as the product `hello`. Every command is written out with absolute paths, so the
    /// stand-in also works with a PATH of `bin/` alone.
    func installStandIn(sdks: [String], provides: [String] = [], binary: String? = nil) throws {
        try dir.write("sdk-list.txt", sdks.map { $0 + "\n" }.joined())
        try dir.write("sdk-provides.txt", provides.map { $0 + "\n" }.joined())
        let binFolder = dir.file("pkg/.build/sdk-release")
        let produce = binary.map { "/bin/cp '\($0)' '\(binFolder)/hello'" } ?? "echo 'stand-in swift: no binary to build' >&2; exit 1"
        try dir.write("bin/swift", """
        #!/bin/sh
        # Stand-in swift: the real Static Linux SDK cannot be installed on this machine (see the class comment).
        /usr/bin/printf '%s\\n' "$*" >> "\(swiftLog)"
        case "$1" in
          --version) echo "Swift version 6.3.1 (swift-6.3.1-RELEASE)"; echo "Target: x86_64-unknown-linux-gnu"; exit 0 ;;
          sdk)
            case "$2" in
              list) if [ -s "\(dir.file("sdk-list.txt"))" ]; then /bin/cat "\(dir.file("sdk-list.txt"))"; else echo "No Swift SDKs are currently installed."; fi; exit 0 ;;
              configure) /bin/grep -qxF "$4 $5" "\(dir.file("sdk-provides.txt"))" && { echo "sdkRootPath: /stand-in"; exit 0; }
                         echo "Error: Swift SDK with ID \\`$4\\`, host triple x86_64-unknown-linux-gnu, and target triple $5 is not currently installed." >&2; exit 1 ;;
            esac ;;
          build)
            for arg in "$@"; do
              if [ "$arg" = "--show-bin-path" ]; then echo "\(binFolder)"; exit 0; fi
            done
            /bin/mkdir -p "\(binFolder)"
            \(produce)
            exit 0 ;;
        esac
        echo "stand-in swift: unexpected arguments: $*" >&2
        exit 99
        """, mode: 0o755)
    }

    /// A fake docker daemon of the arm64 platform whose `run` leaves `binary` where the build script
    /// in the container would have put the stripped bootstrap.
    func installFakeDocker(binary: String) throws {
        try dir.write("bin/docker", """
        #!/bin/sh
        # Fake docker: an arm64 daemon; "run" plays the container's swift build.
        /usr/bin/printf '%s\\n' "$*" >> "\(dockerLog)"
        case "$1" in
          info) echo aarch64; exit 0 ;;
          run) ;;
          *) echo "fake docker: unexpected command $1" >&2; exit 99 ;;
        esac
        package=""
        previous=""
        for arg in "$@"; do
          if [ "$previous" = "-v" ]; then case "$arg" in *:/workspace) package="${arg%:/workspace}" ;; esac; fi
          previous="$arg"
        done
        /bin/mkdir -p "$package/.build/lambdactl-docker-arm64"
        /bin/cp "\(binary)" "$package/.build/lambdactl-docker-arm64/bootstrap"
        echo /workspace/.build/lambdactl-docker-arm64/release > "$package/.build/lambdactl-docker-arm64/lambdactl-bin-path"
        """, mode: 0o755)
    }

    func lambdactl(_ arguments: [String], path: String? = nil) throws -> ProcessResult {
        let searchPath = path ?? (dir.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"))
        return try runProcess(Paths.lambdactl, arguments, environment: ["PATH": searchPath], currentDirectory: dir.path)
    }

    func recordedSwiftCalls() -> [String] {
        ((try? String(contentsOfFile: swiftLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The bootstrap as Python's zipfile reads it: (mode, ELF e_machine, has a .symtab section).
    func bootstrap(in zip: String) throws -> (mode: Int, machine: Int, symbols: Bool) {
        let result = try runProcess("python3", ["-c", """
            import struct, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            info = z.getinfo("bootstrap")
            data = z.read(info)
            assert data[:4] == b"\\x7fELF", data[:4]
            machine = struct.unpack_from("<H", data, 18)[0]
            shoff = struct.unpack_from("<Q", data, 0x28)[0]
            shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
            def section(i): return struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
            names = section(shstrndx)[4]
            def name(i):
                start = names + section(i)[0]
                return data[start:data.index(b"\\0", start)].decode()
            symtab = any(name(i) == ".symtab" for i in range(shnum))
            print(info.external_attr >> 16, machine, int(symtab))
            """, zip])
        XCTAssertEqual(result.status, 0, result.transcript)
        let parts = result.stdout.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
        guard parts.count == 3 else { throw FixtureError(message: "unexpected zipfile output: \(result.transcript)") }
        return (parts[0], parts[1], parts[2] == 1)
    }

    func arm64Program() throws -> String {
        try Fixtures.compileAarch64(Fixtures.trivialProgram, in: dir, name: "hello-arm64", flags: ["-static"])
    }

    // MARK: - --build swift-sdk

    func testArm64BuildSendsTheTripleAndPackagesTheArm64Binary() throws {
        let program = try arm64Program()
        try installStandIn(sdks: [Self.bundle], provides: ["\(Self.bundle) \(Self.arm64Triple)", "\(Self.bundle) \(Self.x86Triple)"], binary: program)
        let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                    "--arch", "arm64", "-o", "arm.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("(arm64, provided.al2023)"), result.stdout)
        XCTAssertTrue(result.stderr.contains("with Swift SDK aarch64-swift-linux-musl (\(Self.bundle)) for arm64"), result.stderr)

        let build = "build -c release --product hello --swift-sdk aarch64-swift-linux-musl --package-path \(package)"
        XCTAssertEqual(recordedSwiftCalls(), [
            "sdk list",
            "sdk configure --show-configuration \(Self.bundle) aarch64-swift-linux-musl",
            "--version",
            build,
            build + " --show-bin-path",
        ])
        let entry = try bootstrap(in: dir.file("arm.zip"))
        XCTAssertEqual(entry.machine, 183, "bootstrap must be the AArch64 ELF")
        XCTAssertEqual(entry.mode, 0o100755)
        XCTAssertFalse(entry.symbols, "an arm64 bootstrap is stripped with a tool that reads arm64 ELF files: \(result.stderr)")
        // unzip, an independent zip reader, sees the same single entry.
        XCTAssertEqual(try runProcess("unzip", ["-Z1", dir.file("arm.zip")]).stdout, "bootstrap\n")
    }

    /// An SDK whose ID is itself the triple needs no probe: the ID is the selector.
    func testSDKListedByItsTripleIsUsedAsItIs() throws {
        let program = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "hello-x86", flags: ["-static"])
        try installStandIn(sdks: [Self.x86Triple], binary: program)
        let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                    "--arch", "x86_64", "--no-static-executable", "-o", "x86.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("--no-static-executable has no effect with the Static Linux SDK"), result.stderr)
        let build = "build -c release --product hello --swift-sdk x86_64-swift-linux-musl --package-path \(package)"
        XCTAssertEqual(recordedSwiftCalls().filter { $0.hasPrefix("build") }, [build, build + " --show-bin-path"])
        XCTAssertFalse(recordedSwiftCalls().contains { $0.hasPrefix("sdk configure") })
        XCTAssertEqual(try bootstrap(in: dir.file("x86.zip")).machine, 62)
    }

    /// Two Static Linux SDKs provide the triple; SwiftPM refuses the triple then, so the bundle made
    /// for this toolchain is named, with --triple.
    func testTwoSDKsForTheTriplePickTheOneOfThisToolchain() throws {
        let older = "swift-6.2-RELEASE_static-linux-0.0.1"
        try installStandIn(sdks: [older, Self.bundle],
                           provides: ["\(older) \(Self.arm64Triple)", "\(Self.bundle) \(Self.arm64Triple)"], binary: try arm64Program())
        let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                    "--arch", "arm64", "-o", "arm.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        let build = "build -c release --product hello --swift-sdk \(Self.bundle) --triple aarch64-swift-linux-musl --package-path \(package)"
        XCTAssertEqual(recordedSwiftCalls().filter { $0.hasPrefix("build") }, [build, build + " --show-bin-path"])

        // Asked for by ID, the older one is used, with a note that it does not match the toolchain.
        let chosen = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                    "--swift-sdk", older, "--arch", "arm64", "-o", "older.zip"])
        XCTAssertEqual(chosen.status, 0, chosen.transcript)
        XCTAssertTrue(recordedSwiftCalls().contains("build -c release --product hello --swift-sdk \(older) --triple aarch64-swift-linux-musl --package-path \(package)"),
                      recordedSwiftCalls().joined(separator: "\n"))
        XCTAssertTrue(chosen.stderr.contains("was made for another toolchain than this one (swift-6.3.1-RELEASE)"), chosen.stderr)
    }

    /// Missing SDKs: none at all (what this machine's real `swift sdk list` says), and only the
    /// x86_64 one for an arm64 function. Exit 2 like every other build prerequisite, the install
    /// command in the message, nothing built or written.
    func testMissingSDKIsRefusedWithTheInstallCommand() throws {
        for (sdks, provides, listed) in [([String](), [String](), "swift sdk list shows none"),
                                         ([Self.x86Triple], [], "swift sdk list shows: \(Self.x86Triple)"),
                                         (["swift-6.3.1-RELEASE_static-linux-x86_64-only"], ["swift-6.3.1-RELEASE_static-linux-x86_64-only \(Self.x86Triple)"],
                                          "swift sdk list shows: swift-6.3.1-RELEASE_static-linux-x86_64-only")] {
            try? FileManager.default.removeItem(atPath: swiftLog)
            try installStandIn(sdks: sdks, provides: provides)
            let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                        "--arch", "arm64", "-o", "arm.zip"])
            XCTAssertEqual(result.status, 2, result.transcript)
            XCTAssertTrue(result.stderr.contains("no installed Swift SDK provides aarch64-swift-linux-musl (the Static Linux SDK's arm64 target); \(listed)."), result.stderr)
            XCTAssertTrue(result.stderr.contains("swift sdk install https://download.swift.org/swift-6.3.1-release/static-sdk/swift-6.3.1-RELEASE/swift-6.3.1-RELEASE_static-linux-0.0.1.artifactbundle.tar.gz --checksum"), result.stderr)
            XCTAssertTrue(result.stderr.contains("https://www.swift.org/documentation/articles/static-linux-getting-started.html"), result.stderr)
            XCTAssertTrue(result.stderr.contains("or build with --build docker"), result.stderr)
            XCTAssertFalse(recordedSwiftCalls().contains { $0.hasPrefix("build") }, recordedSwiftCalls().joined(separator: "\n"))
            XCTAssertFalse(dir.exists("arm.zip"))
        }
    }

    func testWrongSDKsAreRefusedBeforeBuilding() throws {
        try installStandIn(sdks: [Self.bundle], provides: ["\(Self.bundle) \(Self.arm64Triple)"])
        let mismatch = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                      "--swift-sdk", Self.x86Triple, "--arch", "arm64", "-o", "a.zip"])
        XCTAssertEqual(mismatch.status, 2, mismatch.transcript)
        XCTAssertTrue(mismatch.stderr.contains("--swift-sdk x86_64-swift-linux-musl builds x86_64 binaries, but the function is arm64. Pass --swift-sdk aarch64-swift-linux-musl, or --arch x86_64."), mismatch.stderr)

        let unknown = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                     "--swift-sdk", "no-such-sdk", "--arch", "arm64", "-o", "a.zip"])
        XCTAssertEqual(unknown.status, 2, unknown.transcript)
        XCTAssertTrue(unknown.stderr.contains("no installed Swift SDK is or provides 'no-such-sdk'; swift sdk list shows: \(Self.bundle)."), unknown.stderr)

        let usage = try lambdactl(["package", "--product", "hello", "--build", "docker", "--swift-sdk", Self.arm64Triple])
        XCTAssertEqual(usage.status, 64, usage.transcript)
        XCTAssertTrue(usage.stderr.contains("pass --build swift-sdk"), usage.stderr)
        XCTAssertFalse(recordedSwiftCalls().contains { $0.hasPrefix("build") })
        XCTAssertFalse(dir.exists("a.zip"))
    }

    /// No tool on PATH can strip an arm64 file (PATH is the stand-in's folder alone): the bootstrap
    /// is packaged unstripped, and the log says why.
    func testNoStripperForArm64LeavesTheBinaryAndSaysSo() throws {
        try installStandIn(sdks: [Self.arm64Triple], binary: try arm64Program())
        let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "swift-sdk",
                                    "--arch", "arm64", "-o", "arm.zip"], path: dir.file("bin"))
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("Not stripping the arm64 bootstrap (no aarch64-linux-gnu-strip, llvm-strip or llvm-objcopy was found"), result.stderr)
        let entry = try bootstrap(in: dir.file("arm.zip"))
        XCTAssertEqual(entry.machine, 183)
        XCTAssertTrue(entry.symbols)
    }

    // MARK: - --build auto

    func testAutoUsesTheArm64SDKInsteadOfDocker() throws {
        let program = try arm64Program()
        try installStandIn(sdks: [Self.bundle], provides: ["\(Self.bundle) \(Self.arm64Triple)"], binary: program)
        try installFakeDocker(binary: program)
        let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--arch", "arm64", "-o", "auto.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("Building for arm64 with the installed Swift SDK aarch64-swift-linux-musl (\(Self.bundle)) instead of docker."), result.stderr)
        XCTAssertTrue(recordedSwiftCalls().contains("build -c release --product hello --swift-sdk aarch64-swift-linux-musl --package-path \(package)"),
                      recordedSwiftCalls().joined(separator: "\n"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dockerLog), "docker must not be asked")
        XCTAssertEqual(try bootstrap(in: dir.file("auto.zip")).machine, 183)
    }

    func testAutoBuildsInDockerWithoutAnArm64SDK() throws {
        let program = try arm64Program()
        for sdks in [[], [Self.x86Triple]] {
            try? FileManager.default.removeItem(atPath: swiftLog)
            try? FileManager.default.removeItem(atPath: dockerLog)
            try installStandIn(sdks: sdks)
            try installFakeDocker(binary: program)
            let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "auto",
                                        "--arch", "arm64", "-o", "docker.zip"])
            XCTAssertEqual(result.status, 0, result.transcript)
            XCTAssertTrue(result.stderr.contains("No single Swift SDK for arm64 is installed (swift sdk list); building in docker."), result.stderr)
            XCTAssertTrue(result.stderr.contains("Building hello in swift:6.3-amazonlinux2 for arm64"), result.stderr)
            let docker = (try? String(contentsOfFile: dockerLog, encoding: .utf8)) ?? ""
            XCTAssertTrue(docker.contains("run --rm --platform linux/arm64"), docker)
            XCTAssertFalse(recordedSwiftCalls().contains { $0.hasPrefix("build") }, recordedSwiftCalls().joined(separator: "\n"))
            XCTAssertEqual(try bootstrap(in: dir.file("docker.zip")).machine, 183)
        }
    }

    // MARK: - The real toolchain

    /// This machine's own `swift sdk list`: with no SDK installed (the case here), `--build
    /// swift-sdk` is refused with the install command; with the arm64 Static Linux SDK installed, a
    /// real cross-compiled hello world is packaged and read back.
    func testRealToolchain() throws {
        guard let swift = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
            .map({ "\($0)/swift" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("no swift on PATH")
        }
        let list = try runProcess(swift, ["sdk", "list"])
        XCTAssertEqual(list.status, 0, list.transcript)
        let hasArm64SDK = try list.stdout.split(separator: "\n").filter { !$0.contains(" ") }.contains { id in
            if id == Self.arm64Triple[...] { return true }
            return try runProcess(swift, ["sdk", "configure", "--show-configuration", String(id), Self.arm64Triple]).status == 0
        }
        try dir.write("hello/Package.swift", """
        // swift-tools-version:5.9
        import PackageDescription
        let package = Package(name: "hello", targets: [.executableTarget(name: "hello")])
        """)
        try dir.write("hello/Sources/hello/main.swift", "print(\"hello from lambda\")\n")
        let arguments = ["package", "--product", "hello", "--package-path", dir.file("hello"), "--build", "swift-sdk",
                         "--arch", "arm64", "--quiet", "-o", "real.zip"]
        let result = try runProcess(Paths.lambdactl, arguments, currentDirectory: dir.path)
        guard hasArm64SDK else {
            XCTAssertEqual(result.status, 2, result.transcript)
            XCTAssertTrue(result.stderr.contains("swift sdk install https://download.swift.org/"), result.stderr)
            XCTAssertFalse(dir.exists("real.zip"))
            print("SwiftSDKBuildTests.testRealToolchain: `swift sdk list` shows no SDK for \(Self.arm64Triple) (\(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines))); checked the refusal, skipping the real cross-compile.")
            throw XCTSkip("the Static Linux SDK for arm64 is not installed here; the real swift-sdk build was not run")
        }
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(try bootstrap(in: dir.file("real.zip")).machine, 183)
        let doctor = try runProcess(Paths.lambdactl, ["doctor", "real.zip", "--arch", "arm64"], currentDirectory: dir.path)
        XCTAssertEqual(doctor.status, 0, doctor.transcript)
    }
}
