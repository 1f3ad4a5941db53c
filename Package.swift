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
        // Codable events/responses on top of LambdaRuntime, for those who accept Foundation's size.
        .library(name: "LambdaRuntimeFoundation", targets: ["LambdaRuntimeFoundation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
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
        .target(name: "LambdaRuntimeFoundation", dependencies: ["LambdaRuntime"]),
        // Event-stream framing (application/vnd.amazon.eventstream), shared by local and remote invoke.
        .target(name: "AWSEventStream"),
        .target(
            name: "LambdaLocal",
            dependencies: [
                "AWSEventStream",
                "LambdaArchive",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            // NIO handlers hop between event loops and process threads; Swift 5 mode keeps the
            // Sendable checking to warnings while the code guards shared state with locks.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // Drives the user's aws CLI v2 (deploy, url-config, tail) and signs requests with SigV4.
        .target(
            name: "LambdaAWS",
            dependencies: [
                "LambdaArchive",
                "AWSEventStream",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Builds Swift products natively or in docker, and layers (the seed's Python layer).
        .target(name: "LambdaBuild", dependencies: ["LambdaArchive"]),
        // verify-url: requests a Function URL and judges from the arrival times whether it streams.
        .target(
            name: "LambdaVerify",
            dependencies: [
                "LambdaAWS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The project file lambdactl.toml that every command reads (flags override it).
        .target(name: "LambdaProject", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(
            name: "lambdactl",
            dependencies: [
                "LambdaAWS",
                "LambdaArchive",
                "LambdaBuild",
                "LambdaProject",
                "LambdaVerify",
                "LambdaLocal",
                "AWSEventStream",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // One harness per parser that reads hostile bytes (scripts/fuzz runs them under libFuzzer;
        // LambdaFuzzingTests replays the corpus through them in the normal suite).
        .target(
            name: "LambdaFuzzing",
            dependencies: [
                "LambdaRuntime",
                "AWSEventStream",
                "LambdaArchive",
                "LambdaLocal",
                "LambdaAWS",
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // libFuzzer entry point with -DFUZZING, a corpus replayer otherwise (see FuzzEntry.swift).
        .executableTarget(name: "lambdactl-fuzz", dependencies: ["LambdaFuzzing"]),
        // Shared helpers for the test targets (run a process, temp folders, the built binary).
        .target(name: "LambdaTestSupport", path: "Tests/LambdaTestSupport"),
        // The function the runtime tests run as a child process (behaviour chosen by TEST_HANDLER).
        .executableTarget(
            name: "LambdaRuntimeTestFunction",
            dependencies: ["LambdaRuntime"],
            path: "Tests/LambdaRuntimeTestFunction"
        ),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "LambdaRuntimeFoundation", "LambdaTestSupport"]),
        .testTarget(name: "LambdaArchiveTests", dependencies: ["LambdaArchive", "LambdaTestSupport"]),
        .testTarget(name: "LambdaVerifyTests", dependencies: ["LambdaVerify", "LambdaTestSupport"]),
        .testTarget(name: "LambdaBuildTests", dependencies: ["LambdaBuild", "LambdaArchive", "LambdaTestSupport"]),
        .testTarget(name: "AWSEventStreamTests", dependencies: ["AWSEventStream"]),
        .testTarget(name: "LambdaLocalTests", dependencies: ["LambdaLocal", "AWSEventStream", "LambdaTestSupport"]),
        .testTarget(name: "LambdaAWSTests", dependencies: ["LambdaAWS", "LambdaArchive", "AWSEventStream", "LambdaTestSupport"]),
        .testTarget(name: "LambdaProjectTests", dependencies: ["LambdaProject"]),
        .testTarget(name: "LambdaFuzzingTests", dependencies: ["LambdaFuzzing", "LambdaTestSupport"]),
        .testTarget(name: "LambdactlTests", dependencies: ["LambdaArchive", "LambdaTestSupport"]),
    ]
)
