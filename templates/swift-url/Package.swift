// swift-tools-version:6.0
import PackageDescription

// The word streamer for a Function URL (status and headers first), built on lambdactl's dependency-free runtime core. The executable product is
// named `bootstrap` because that is the file name Lambda's provided.al2023 runtime executes.
//
// The runtime comes from this repository (two folders up) by default; set LAMBDACTL_RUNTIME_PATH to
// point at another lambdactl checkout when this folder is copied elsewhere.
let runtimePath = Context.environment["LAMBDACTL_RUNTIME_PATH"] ?? "../.."

/// SwiftPM names a path dependency after its folder, so the product reference must use that name.
func packageIdentity(of path: String) -> String {
    var components = (path.hasPrefix("/") ? path : Context.packageDirectory + "/" + path)
        .split(separator: "/").map(String.init)
    var resolved: [String] = []
    for component in components {
        if component == ".." { _ = resolved.popLast() } else if component != "." { resolved.append(component) }
    }
    components = resolved
    return (components.last ?? "lambdactl").lowercased()
}

let package = Package(
    name: "swift-url",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bootstrap", targets: ["bootstrap"]),
    ],
    dependencies: [
        .package(path: runtimePath),
    ],
    targets: [
        .executableTarget(
            name: "bootstrap",
            dependencies: [.product(name: "LambdaRuntime", package: packageIdentity(of: runtimePath))]
        ),
    ]
)
