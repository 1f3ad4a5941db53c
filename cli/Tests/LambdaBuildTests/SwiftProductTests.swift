import Foundation
import LambdaTestSupport
import XCTest

/// `package --product`: real `swift build` runs of tiny products, natively and inside docker (a
/// local image that borrows this machine's toolchain through read-only mounts).
final class SwiftProductTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("product") }
    override func tearDown() { dir.remove() }

    func lambdactl(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, arguments, currentDirectory: dir.path)
    }

    /// A package with one executable product, `hello`.
    func helloPackage() throws -> String {
        try dir.write("hello/Package.swift", """
        // swift-tools-version:5.9
        import PackageDescription
        let package = Package(name: "hello", targets: [.executableTarget(name: "hello")])
        """)
        try dir.write("hello/Sources/hello/main.swift", "print(\"hello from lambda\")\n")
        return dir.path + "/hello"
    }

    /// A product whose C target calls hypotf: linked here it needs GLIBC_2.35, like Foundation does.
    func hypotPackage() throws -> String {
        try dir.write("hypot/Package.swift", """
        // swift-tools-version:5.9
        import PackageDescription
        let package = Package(name: "hypot", targets: [
            .target(name: "CHypot", linkerSettings: [.linkedLibrary("m")]),
            .executableTarget(name: "hypot", dependencies: ["CHypot"]),
        ])
        """)
        try dir.write("hypot/Sources/CHypot/include/chypot.h", "float lambdactl_hypot(float a, float b);\n")
        try dir.write("hypot/Sources/CHypot/chypot.c", "#include <math.h>\n#include \"chypot.h\"\nfloat lambdactl_hypot(float a, float b) { return hypotf(a, b); }\n")
        try dir.write("hypot/Sources/hypot/main.swift", "import CHypot\nprint(lambdactl_hypot(Float(CommandLine.arguments.count), 4))\n")
        return dir.path + "/hypot"
    }

    /// A mistyped --include (or --dir) is bad input found before the build starts: the package
    /// gets no .build folder, and nothing is written.
    func testMissingIncludeIsReportedBeforeTheBuild() throws {
        let package = try helloPackage()
        for arguments in [["--include", "config/missing.json"], ["--dir", "no-such-folder"]] {
            let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "native", "-o", "hello.zip"] + arguments)
            XCTAssertEqual(result.status, 2, result.transcript)
            XCTAssertTrue(result.stderr.contains("\(arguments[1]) does not exist"), result.stderr)
            XCTAssertFalse(result.stderr.contains("Building hello"), "built before the check: \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: package + "/.build"), "swift build ran")
            XCTAssertFalse(dir.exists("hello.zip"))
        }
    }

    /// Fully static by default: the glibc symbols are linked in, so nothing needs GLIBC_2.35.
    func testDefaultFullyStaticBuildOfAGlibc235ProductPasses() throws {
        let package = try hypotPackage()
        let result = try lambdactl(["package", "--product", "hypot", "--package-path", package, "--build", "native", "--quiet", "-o", "static.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("ELF x86_64, static, no glibc version needs"), result.stdout)
    }

    func testNativeBuildIsStrippedAndPassesDoctor() throws {
        let package = try helloPackage()
        let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "native", "--quiet", "-o", "hello.zip"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("ELF x86_64"), result.stdout)
        let doctor = try lambdactl(["doctor", "hello.zip", "--arch", "x86_64"])
        XCTAssertEqual(doctor.status, 0, doctor.transcript)

        XCTAssertEqual(try runProcess("unzip", ["-q", dir.file("hello.zip"), "-d", dir.file("unzipped")]).status, 0)
        let sections = try runProcess("readelf", ["-S", "-W", dir.file("unzipped/bootstrap")])
        XCTAssertFalse(sections.stdout.contains(".symtab"), "bootstrap must be stripped")
        let needed = try runProcess("readelf", ["-d", dir.file("unzipped/bootstrap")])
        XCTAssertFalse(needed.stdout.contains("libswiftCore"), "the Swift stdlib must be static: \(needed.stdout)")
        let output = try runProcess(dir.file("unzipped/bootstrap"), [])
        XCTAssertEqual(output.stdout, "hello from lambda\n")
    }

    func testNativeBuildNeedingGlibc235IsRefusedWithTheDockerHint() throws {
        let package = try hypotPackage()
        let result = try lambdactl(["package", "--product", "hypot", "--package-path", package, "--build", "native", "--no-static-executable", "--quiet", "-o", "hypot.zip"])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("error[glibc-too-new]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("GLIBC_2.35"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--build docker"), result.stderr)
        XCTAssertFalse(dir.exists("hypot.zip"))
    }

    func testDockerBuildUsesAPerArchitectureFolder() throws {
        try DockerImages.ensure()
        let package = try helloPackage()
        let result = try lambdactl(["package", "--product", "hello", "--package-path", package, "--build", "docker",
                                    "--image", DockerImages.hostRoot, "--quiet", "-o", "docker.zip"]
                                   + DockerImages.hostRootVolumes.flatMap { ["--docker-volume", $0] })
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("Building hello in \(DockerImages.hostRoot) for x86_64"), result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: package + "/.build/lambdactl-docker-x86_64/bootstrap"))
        XCTAssertEqual(try lambdactl(["doctor", "docker.zip", "--arch", "x86_64"]).status, 0)
        let entries = try runProcess("unzip", ["-Z1", dir.file("docker.zip")])
        XCTAssertEqual(entries.stdout, "bootstrap\n")
    }

    func testAutoRebuildsInDockerWhenTheNativeGlibcIsTooNew() throws {
        try DockerImages.ensure()
        let package = try hypotPackage()
        let result = try lambdactl(["package", "--product", "hypot", "--package-path", package, "--build", "auto", "--no-static-executable",
                                    "--image", DockerImages.hostRoot, "--quiet", "-o", "auto.zip"]
                                   + DockerImages.hostRootVolumes.flatMap { ["--docker-volume", $0] })
        // The stand-in image borrows this machine's glibc, so the docker build is refused too; what
        // is tested is that auto tried docker after the native build failed the glibc check.
        XCTAssertTrue(result.stderr.contains("building in docker instead"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Building hypot in \(DockerImages.hostRoot)"), result.stderr)
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertFalse(dir.exists("auto.zip"))
    }
}
