// swift-tools-version:6.0
import PackageDescription

/// The lambdactl command and everything it needs. One target per concern (see README
/// "Architecture"): the CLI target stays thin and every library target is tested without it.
///
/// `LambdaRuntime`, which users link into their `bootstrap`, is the package at the repository root,
/// so that a function depending on it resolves no other package; this package depends on it by path.
/// SwiftPM names a path dependency after its folder (whatever the checkout is called), not after its
/// manifest's `name`, hence `runtimePackage`.
let runtimePackage = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "lambdactl").lowercased()

let package = Package(
    name: "lambdactl-cli",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lambdactl", targets: ["lambdactl"]),
    ],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibzip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        // zlib itself (libzip's own deflater, so libzip-dev brings it): lambdactl's workers deflate
        // entries in parallel with it and hand libzip the compressed bytes (ParallelDeflater).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "LambdaArchive",
            dependencies: [
                "CLibzip",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The one way lambdactl starts a child (aws, docker, swift, strip), on swift-subprocess.
        .target(
            name: "LambdaProcess",
            dependencies: [.product(name: "Subprocess", package: "swift-subprocess")]
        ),
        // Event-stream framing (application/vnd.amazon.eventstream), shared by local and remote invoke.
        .target(name: "AWSEventStream"),
        .target(
            name: "LambdaLocal",
            dependencies: [
                "AWSEventStream",
                "LambdaArchive",
                "LambdaProcess",
                // MD5 of the sample SQS message body (md5OfBody), as SQS computes it.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Drives the user's aws CLI v2 (deploy, url-config, tail) and signs requests with SigV4.
        .target(
            name: "LambdaAWS",
            dependencies: [
                "LambdaArchive",
                "LambdaProcess",
                "AWSEventStream",
                .product(name: "Crypto", package: "swift-crypto"),
                // Remote invoke's HTTP client: the same one verify-url uses (no URLSession).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Builds Swift products natively or in docker, and layers (the seed's Python layer).
        .target(name: "LambdaBuild", dependencies: ["LambdaArchive", "LambdaProcess"]),
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
        // `lambdactl init`: the templates (embedded by scripts/update-templates) and the files of a
        // new project, written atomically.
        .target(name: "LambdaScaffold", dependencies: ["LambdaArchive", "LambdaProject"]),
        .executableTarget(
            name: "lambdactl",
            dependencies: [
                "LambdaAWS",
                "LambdaArchive",
                "LambdaBuild",
                "LambdaProject",
                "LambdaScaffold",
                "LambdaVerify",
                "LambdaLocal",
                "LambdaProcess",
                "AWSEventStream",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // One harness per parser that reads hostile bytes (scripts/fuzz runs them under libFuzzer;
        // LambdaFuzzingTests replays the corpus through them in the normal suite).
        .target(
            name: "LambdaFuzzing",
            dependencies: [
                .product(name: "LambdaRuntime", package: runtimePackage),
                "AWSEventStream",
                "LambdaArchive",
                "LambdaLocal",
                "LambdaAWS",
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // libFuzzer entry point with -DFUZZING, a corpus replayer otherwise (see FuzzEntry.swift).
        .executableTarget(name: "lambdactl-fuzz", dependencies: ["LambdaFuzzing"]),
        // Shared helpers for the test targets (run a process, temp folders, the built binary). Both
        // folders are symlinks into the root package's Tests/: one copy of the code, built by each
        // package that tests with it (a package cannot use another's non-product targets).
        .target(name: "LambdaTestSupport", path: "Tests/LambdaTestSupport"),
        // The runtime's test function, which the RIE tests run under AWS's emulator.
        .executableTarget(
            name: "LambdaRuntimeTestFunction",
            dependencies: [.product(name: "LambdaRuntime", package: runtimePackage)],
            path: "Tests/LambdaRuntimeTestFunction"
        ),
        .testTarget(name: "LambdaProcessTests", dependencies: ["LambdaProcess", "LambdaTestSupport"]),
        .testTarget(name: "LambdaArchiveTests", dependencies: ["LambdaArchive", "LambdaTestSupport"]),
        .testTarget(name: "LambdaVerifyTests", dependencies: ["LambdaVerify", "LambdaTestSupport"]),
        .testTarget(name: "LambdaBuildTests", dependencies: ["LambdaBuild", "LambdaArchive", "LambdaTestSupport"]),
        .testTarget(name: "AWSEventStreamTests", dependencies: ["AWSEventStream"]),
        // Fixtures/c-runtime is C the tests cross-compile for aarch64, not part of the test bundle.
        .testTarget(name: "LambdaLocalTests", dependencies: ["LambdaLocal", "AWSEventStream", "LambdaTestSupport"],
                    exclude: ["Fixtures/c-runtime"]),
        .testTarget(name: "LambdaAWSTests", dependencies: ["LambdaAWS", "LambdaArchive", "LambdaProcess", "AWSEventStream", "LambdaTestSupport"]),
        .testTarget(name: "LambdaProjectTests", dependencies: ["LambdaProject"]),
        .testTarget(name: "LambdaScaffoldTests", dependencies: ["LambdaScaffold", "LambdaArchive", "LambdaProject", "LambdaTestSupport"]),
        .testTarget(name: "LambdaFuzzingTests", dependencies: ["LambdaFuzzing", "LambdaTestSupport"]),
        .testTarget(name: "LambdactlTests", dependencies: ["LambdaArchive", "LambdaTestSupport"]),
    ]
)
