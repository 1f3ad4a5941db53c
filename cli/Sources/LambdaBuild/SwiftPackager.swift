import Foundation
import LambdaArchive

/// `package --product`: build, then package with every check. In `auto` mode a native build whose
/// glibc is too new for the runtime is rebuilt in docker, as the check's fix says.
public struct SwiftPackager: Sendable {
    public var builder: SwiftBuilder

    public init(runner: CommandRunner) { builder = SwiftBuilder(runner: runner) }

    public func package(_ request: SwiftBuildRequest, mode: BuildMode, spec template: PackageSpec) throws -> (PackageReport, BuildMode) {
        // A missing --dir or --include is reported before a build that may take minutes.
        try PackageBuilder.checkInputs(template)
        func attempt(_ mode: BuildMode) throws -> PackageReport {
            let output = mode == .docker ? try builder.buildInDocker(request) : try builder.buildNatively(request)
            defer { try? FileManager.default.removeItem(atPath: output.workFolder) }
            var spec = template
            spec.binary = output.binary
            spec.includes = output.resources + template.includes
            return try PackageBuilder.build(spec)
        }
        switch mode {
        case .native, .docker:
            return (try attempt(mode), mode)
        case .auto:
            guard request.architecture == .host else { return (try attempt(.docker), .docker) }
            do {
                return (try attempt(.native), .native)
            } catch PackageError.checksFailed(let report) where report.errors.contains(where: { $0.id == "glibc-too-new" })
                        && report.errors.allSatisfy({ $0.id == "glibc-too-new" }) {
                builder.runner.log("The native build needs a glibc newer than \(template.checks.runtime) has; building in docker instead.")
                return (try attempt(.docker), .docker)
            }
        }
    }
}
