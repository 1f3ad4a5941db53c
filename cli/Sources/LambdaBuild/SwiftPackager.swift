import Foundation
import LambdaArchive

/// `package --product`: build, then package with every check. In `auto` mode a native build whose
/// glibc is too new for the runtime is rebuilt in docker, as the check's fix says; a build for the
/// other architecture uses the installed Swift SDK for it when there is one (no docker, no QEMU:
/// the compiler runs natively and only targets the other CPU), and docker otherwise.
public struct SwiftPackager: Sendable {
    public var builder: SwiftBuilder

    public init(runner: CommandRunner) { builder = SwiftBuilder(runner: runner) }

    public func package(_ request: SwiftBuildRequest, mode: BuildMode, spec template: PackageSpec) async throws -> (PackageReport, BuildMode) {
        // A missing --dir or --include is reported before a build that may take minutes.
        try PackageBuilder.checkInputs(template)
        func attempt(_ mode: BuildMode, catalog: SwiftSDKCatalog? = nil, sdk: SwiftSDKChoice? = nil) async throws -> PackageReport {
            let output: SwiftBuilder.Output
            switch mode {
            case .docker: output = try await builder.buildInDocker(request)
            case .swiftSDK: output = try await builder.buildWithSwiftSDK(request, catalog: catalog, sdk: sdk)
            case .native, .auto: output = try await builder.buildNatively(request)
            }
            defer { try? FileManager.default.removeItem(atPath: output.workFolder) }
            var spec = template
            spec.binary = output.binary
            spec.includes = output.resources + template.includes
            return try PackageBuilder.build(spec)
        }
        switch mode {
        case .native, .docker, .swiftSDK:
            return (try await attempt(mode), mode)
        case .auto:
            // --swift-sdk names the SDK to build with: asking for one is asking for that mode.
            if request.swiftSDK != nil { return (try await attempt(.swiftSDK), .swiftSDK) }
            guard request.architecture == .host else {
                if let catalog = try? await SwiftSDKCatalog.load(runner: builder.runner),
                   let sdk = await catalog.choice(for: request.architecture) {
                    builder.runner.log("Building for \(request.architecture) with the installed Swift SDK \(sdk) instead of docker.")
                    return (try await attempt(.swiftSDK, catalog: catalog, sdk: sdk), .swiftSDK)
                }
                builder.runner.log("No single Swift SDK for \(request.architecture) is installed (swift sdk list); building in docker. With the Static Linux SDK installed this build needs no docker (--build swift-sdk says how to install it).")
                return (try await attempt(.docker), .docker)
            }
            do {
                return (try await attempt(.native), .native)
            } catch PackageError.checksFailed(let report) where report.errors.contains(where: { $0.id == "glibc-too-new" })
                        && report.errors.allSatisfy({ $0.id == "glibc-too-new" }) {
                builder.runner.log("The native build needs a glibc newer than \(template.checks.runtime) has; building in docker instead.")
                return (try await attempt(.docker), .docker)
            }
        }
    }
}
