// swift-tools-version:6.0
import PackageDescription

/// The root of the repository is the runtime package, because SwiftPM takes a remote dependency only
/// from a repository's root: a user's function that depends on
/// `.package(url: "https://github.com/lambdactl/lambdactl", from: "0.2.0")` resolves this manifest,
/// which depends on no other package. The CLI and its two dozen dependencies (swift-nio,
/// async-http-client, swift-crypto, TOMLKit, ...) are the package in `cli/`, which depends on this one
/// by path. `LambdaRuntime` links the Swift standard library and Glibc only, because Lambda bills
/// the INIT phase and a user's function must not pull in anything else.
let package = Package(
    name: "lambdactl",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        // Codable events/responses on top of LambdaRuntime, for those who accept Foundation's size.
        .library(name: "LambdaRuntimeFoundation", targets: ["LambdaRuntimeFoundation"]),
    ],
    targets: [
        .target(name: "LambdaRuntime"),
        .target(name: "LambdaRuntimeFoundation", dependencies: ["LambdaRuntime"]),
        // Shared helpers for the test targets of both packages (run a process, temp folders, the built
        // binary); cli/Tests/LambdaTestSupport is a symlink to this folder, because a package cannot
        // use another package's non-product target and a test helper is no product of the runtime.
        .target(name: "LambdaTestSupport", path: "Tests/LambdaTestSupport"),
        // The function the runtime tests run as a child process (behaviour chosen by TEST_HANDLER).
        .executableTarget(
            name: "LambdaRuntimeTestFunction",
            dependencies: ["LambdaRuntime"],
            path: "Tests/LambdaRuntimeTestFunction"
        ),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "LambdaRuntimeFoundation", "LambdaTestSupport"]),
    ]
)
