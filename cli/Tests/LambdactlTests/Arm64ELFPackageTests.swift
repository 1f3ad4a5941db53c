import Foundation
import LambdaTestSupport
import XCTest

/// `package` and `doctor` on real arm64 programs, cross-compiled here with Debian's
/// aarch64-linux-gnu-gcc (scripts/deps/arm64.sh), read by `readelf` as an independent check.
final class Arm64ELFPackageTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("arm64-elf") }
    override func tearDown() { dir.remove() }

    func lambdactl(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Paths.lambdactl, arguments, currentDirectory: dir.path)
    }

    func readelf(_ arguments: [String]) throws -> String {
        let result = try runProcess("readelf", arguments)
        XCTAssertEqual(result.status, 0, result.transcript)
        return result.stdout
    }

    func testStaticArm64BinaryPackagesForArm64Only() throws {
        let binary = try Fixtures.compileAarch64(Fixtures.trivialProgram, in: dir, name: "static", flags: ["-static"])
        XCTAssertTrue(try readelf(["-h", binary]).contains("AArch64"))
        let ok = try lambdactl(["package", "--binary", binary, "--arch", "arm64", "-o", "arm.zip"])
        XCTAssertEqual(ok.status, 0, ok.transcript)
        XCTAssertTrue(ok.stdout.contains("(arm64, provided.al2023)"), ok.stdout)
        let doctor = try lambdactl(["doctor", "arm.zip", "--arch", "arm64", "--json"])
        XCTAssertEqual(doctor.status, 0, doctor.transcript)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])
        let report = try XCTUnwrap(document["report"] as? [String: Any], doctor.stdout)
        XCTAssertEqual(report["architecture"] as? String, "arm64", doctor.stdout)
        let bootstrap = try XCTUnwrap(report["bootstrap"] as? [String: Any], doctor.stdout)
        XCTAssertEqual(bootstrap["architecture"] as? String, "arm64", doctor.stdout)
        XCTAssertNil(bootstrap["interpreter"] as? String, "a static binary has no loader: \(doctor.stdout)")

        let wrong = try lambdactl(["package", "--binary", binary, "--arch", "x86_64", "-o", "x86.zip"])
        XCTAssertEqual(wrong.status, 1, wrong.transcript)
        XCTAssertTrue(wrong.stderr.contains("error[elf-architecture-mismatch]"), wrong.stderr)
        XCTAssertFalse(dir.exists("x86.zip"))
    }

    func testDynamicArm64BinaryIsCheckedAgainstAL2023sGlibc() throws {
        let plain = try Fixtures.compileAarch64(Fixtures.trivialProgram, in: dir, name: "dynamic")
        XCTAssertTrue(try readelf(["-l", plain]).contains("/lib/ld-linux-aarch64.so.1"))
        let ok = try lambdactl(["package", "--binary", plain, "--arch", "arm64", "-o", "dynamic.zip"])
        XCTAssertEqual(ok.status, 0, ok.transcript)

        // hypotf was re-versioned in glibc 2.35; AL2023 has 2.34.
        let newer = try Fixtures.compileAarch64(Fixtures.hypotfProgram, in: dir, name: "hypot", flags: ["-lm"])
        XCTAssertTrue(try readelf(["-V", newer]).contains("GLIBC_2.35"))
        let refused = try lambdactl(["package", "--binary", newer, "--arch", "arm64", "-o", "hypot.zip"])
        XCTAssertEqual(refused.status, 1, refused.transcript)
        XCTAssertTrue(refused.stderr.contains("error[glibc-too-new]"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("GLIBC_2.35"), refused.stderr)
        XCTAssertFalse(dir.exists("hypot.zip"))
    }
}
