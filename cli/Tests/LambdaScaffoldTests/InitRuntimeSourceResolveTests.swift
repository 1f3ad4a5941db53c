import LambdaScaffold
import LambdaTestSupport
import XCTest

/// The order `init` takes LambdaRuntime from (flags, environment, the checkout, the release) and
/// its refusals, without the binary. InitRuntimeSourceTests builds what it chooses with SwiftPM.
final class InitRuntimeSourceResolveTests: XCTestCase {
    private let installed = "/usr/local/bin/lambdactl"

    func testFlagsWinOverTheEnvironment() throws {
        let (source, origin) = try InitRuntimeSource.resolve(
            path: nil, url: "https://example.com/r", version: "2.0.0",
            environment: ["LAMBDACTL_RUNTIME_PATH": Paths.repositoryRoot.path], lambdactlVersion: "1.0.0", executable: installed)
        XCTAssertEqual(source, .git(url: "https://example.com/r", from: "2.0.0"))
        XCTAssertEqual(origin, .flag)
    }

    func testTheEnvironmentIsUsedWithoutFlags() throws {
        let (source, origin) = try InitRuntimeSource.resolve(
            path: nil, url: nil, version: nil, environment: ["LAMBDACTL_RUNTIME_VERSION": "1.4.0"],
            lambdactlVersion: "1.0.0", executable: installed)
        XCTAssertEqual(source, .git(url: InitRuntimeSource.releasedURL, from: "1.4.0"))
        XCTAssertEqual(origin, .environment)
    }

    func testABinaryInsideACheckoutUsesThatCheckoutAndAnInstalledOneTheRelease() throws {
        let inside = Paths.repositoryRoot.appendingPathComponent("cli/.build/debug/lambdactl").path
        let (checkout, origin) = try InitRuntimeSource.resolve(path: nil, url: nil, version: nil, environment: [:],
                                                               lambdactlVersion: "1.0.0", executable: inside)
        XCTAssertEqual(checkout, .path(Paths.repositoryRoot.standardizedFileURL.path))
        XCTAssertEqual(origin, .checkout)
        let (released, releasedOrigin) = try InitRuntimeSource.resolve(path: nil, url: nil, version: nil, environment: [:],
                                                                       lambdactlVersion: "1.0.0", executable: installed)
        XCTAssertEqual(released, .git(url: InitRuntimeSource.releasedURL, from: "1.0.0"))
        XCTAssertEqual(releasedOrigin, .released)
    }

    func testRefusalsSayWhatToPass() {
        XCTAssertThrowsError(try InitRuntimeSource.resolve(path: "/x", url: "https://example.com/r", version: nil, environment: [:],
                                                           lambdactlVersion: "1.0.0", executable: installed)) { error in
            XCTAssertEqual(error as? InitRuntimeSourceError, .pathWithURLOrVersion)
        }
        XCTAssertThrowsError(try InitRuntimeSource.resolve(path: "/tmp", url: nil, version: nil, environment: [:],
                                                           lambdactlVersion: "1.0.0", executable: installed)) { error in
            XCTAssertEqual(error as? InitRuntimeSourceError, .notARuntimePackage("/tmp"))
            XCTAssertTrue("\(error)".contains("git clone"), "\(error)")
        }
        XCTAssertThrowsError(try InitRuntimeSource.resolve(path: nil, url: nil, version: "v1", environment: [:],
                                                           lambdactlVersion: "1.0.0", executable: installed)) { error in
            XCTAssertEqual(error as? InitRuntimeSourceError, .invalidVersion("v1", example: "1.0.0"))
            XCTAssertTrue("\(error)".contains("--runtime-version 1.0.0"), "\(error)")
        }
    }
}
