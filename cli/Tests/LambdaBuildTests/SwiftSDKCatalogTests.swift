import LambdaArchive
@testable import LambdaBuild
import XCTest

/// What `swift sdk list` and `swift --version` print, parsed without running anything.
final class SwiftSDKCatalogTests: XCTestCase {
    func testListWithoutSDKsHasNoIDs() {
        // What this machine's `swift sdk list` prints (Swift 6.3.1, nothing installed).
        XCTAssertEqual(SwiftSDKCatalog.parseList("No Swift SDKs are currently installed.\n"), [])
        XCTAssertEqual(SwiftSDKCatalog.parseList(""), [])
        XCTAssertEqual(SwiftSDKCatalog.parseList("\n\n"), [])
    }

    func testListKeepsOneIDPerLineAndSkipsWarnings() {
        let output = """
        warning: Couldn't parse `info.json` manifest of a Swift SDK bundle at /root/.swiftpm/swift-sdks/broken.artifactbundle
        swift-6.1-RELEASE_static-linux-0.0.1

          x86_64-swift-linux-musl  \r
        6.0.3-RELEASE_ubuntu_jammy_aarch64
        """
        XCTAssertEqual(SwiftSDKCatalog.parseList(output),
                       ["swift-6.1-RELEASE_static-linux-0.0.1", "x86_64-swift-linux-musl", "6.0.3-RELEASE_ubuntu_jammy_aarch64"])
    }

    func testTriplesAndArtifactIDsAreToldApart() {
        XCTAssertEqual(SwiftSDKCatalog.architecture(ofTriple: "aarch64-swift-linux-musl"), .arm64)
        XCTAssertEqual(SwiftSDKCatalog.architecture(ofTriple: "x86_64-swift-linux-musl"), .x86_64)
        XCTAssertEqual(SwiftSDKCatalog.architecture(ofTriple: "aarch64-unknown-linux-gnu"), .arm64)
        XCTAssertNil(SwiftSDKCatalog.architecture(ofTriple: "swift-6.3.1-RELEASE_static-linux-0.0.1"))
        XCTAssertNil(SwiftSDKCatalog.architecture(ofTriple: "6.0.3-RELEASE_ubuntu_jammy_aarch64"))
        XCTAssertNil(SwiftSDKCatalog.architecture(ofTriple: "wasm32-unknown-wasi"))
        XCTAssertEqual(SwiftSDKCatalog.staticLinuxTriple(for: .arm64), "aarch64-swift-linux-musl")
        XCTAssertEqual(SwiftSDKCatalog.staticLinuxTriple(for: .x86_64), "x86_64-swift-linux-musl")
    }

    func testToolchainTagNamesTheMatchingSDK() {
        XCTAssertEqual(SwiftSDKCatalog.toolchainTag(versionOutput: "Swift version 6.3.1 (swift-6.3.1-RELEASE)\nTarget: x86_64-unknown-linux-gnu\n"),
                       "swift-6.3.1-RELEASE")
        XCTAssertNil(SwiftSDKCatalog.toolchainTag(versionOutput: "Apple Swift version 6.0 (swiftlang-6.0.0.9.10 clang-1600.0.26.2)"))
        XCTAssertEqual(BuildError.staticLinuxSDKInstallCommand(toolchain: "swift-6.3.1-RELEASE"),
                       "swift sdk install https://download.swift.org/swift-6.3.1-release/static-sdk/swift-6.3.1-RELEASE/swift-6.3.1-RELEASE_static-linux-0.0.1.artifactbundle.tar.gz --checksum <the checksum swift.org lists for it>")
        XCTAssertTrue(BuildError.staticLinuxSDKInstallCommand(toolchain: nil).contains("swift-<version>-RELEASE_static-linux-0.0.1"))
    }

    func testChoiceArguments() {
        let triple = SwiftSDKChoice(selector: "aarch64-swift-linux-musl", bundle: "swift-6.3.1-RELEASE_static-linux-0.0.1",
                                    targetTriple: "aarch64-swift-linux-musl")
        XCTAssertEqual(triple.buildArguments, ["--swift-sdk", "aarch64-swift-linux-musl"])
        XCTAssertTrue(triple.isStaticLinux)
        XCTAssertEqual(triple.description, "aarch64-swift-linux-musl (swift-6.3.1-RELEASE_static-linux-0.0.1)")
        let bundle = SwiftSDKChoice(selector: "swift-6.3.1-RELEASE_static-linux-0.0.1", triple: "aarch64-swift-linux-musl",
                                    bundle: "swift-6.3.1-RELEASE_static-linux-0.0.1", targetTriple: "aarch64-swift-linux-musl")
        XCTAssertEqual(bundle.buildArguments, ["--swift-sdk", "swift-6.3.1-RELEASE_static-linux-0.0.1", "--triple", "aarch64-swift-linux-musl"])
        let passedThrough = SwiftSDKChoice(selector: "6.0.3-RELEASE_ubuntu_jammy_aarch64")
        XCTAssertFalse(passedThrough.isStaticLinux)
        XCTAssertEqual(passedThrough.description, "6.0.3-RELEASE_ubuntu_jammy_aarch64")
    }
}
