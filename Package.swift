// swift-tools-version:6.0
import PackageDescription

/// One target per concern (see README "Architecture"): the CLI target stays thin and every library
/// target is tested without it. `LambdaRuntime` is what users link into their `bootstrap`, so it
/// depends on the Swift standard library and Glibc only.
let package = Package(
    name: "lambdactl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lambdactl", targets: ["lambdactl"]),
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibzip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        .target(
            name: "LambdaArchive",
            dependencies: [
                "CLibzip",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "LambdaRuntime"),
        .target(name: "LambdaBuild", dependencies: ["LambdaArchive"]),
        .executableTarget(
            name: "lambdactl",
            dependencies: [
                "LambdaArchive",
                "LambdaBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared helpers for the test targets (run a process, temp folders, the built binary).
        .target(name: "LambdaTestSupport", path: "Tests/LambdaTestSupport"),
        .testTarget(name: "LambdaArchiveTests", dependencies: ["LambdaArchive", "LambdaTestSupport"]),
        .testTarget(name: "LambdaBuildTests", dependencies: ["LambdaBuild", "LambdaArchive", "LambdaTestSupport"]),
        .testTarget(name: "LambdactlTests", dependencies: ["LambdaArchive", "LambdaTestSupport"]),
    ]
)
