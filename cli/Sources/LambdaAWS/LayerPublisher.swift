import Foundation
import LambdaArchive

/// `build-layer --publish NAME`: publishes a layer zip as a new version, compatible with one runtime
/// and one architecture, and returns its ARN.
public struct LayerPublisher: Sendable {
    public var cli: AWSCLI

    public init(cli: AWSCLI) { self.cli = cli }

    /// What a layer version's description carries so that `deploy --layer ZIP` can find and reuse
    /// it instead of publishing the same zip again: one spelling for `build-layer --publish` and
    /// `deploy`, matched as a substring (whatever text surrounds it).
    public static func marker(sha256Hex: String) -> String {
        "lambdactl sha256:\(sha256Hex)"
    }

    public func publish(zip: String, name: String, architecture: Architecture, runtime: TargetRuntime, description: String) async throws -> String {
        let size = ((try? FileManager.default.attributesOfItem(atPath: zip)[.size]) as? NSNumber)?.uint64Value ?? 0
        guard size <= PackageLimits.directUploadBytes else {
            throw DeployError.needsS3(path: zip, bytes: size)
        }
        let path = URL(fileURLWithPath: zip).standardizedFileURL.path
        let version = try await cli.json(["lambda", "publish-layer-version", "--layer-name", name, "--description", description,
                                    "--compatible-runtimes", runtime.rawValue, "--compatible-architectures", architecture.rawValue,
                                    "--zip-file", "fileb://" + path], as: LayerVersion.self)
        return version.LayerVersionArn
    }
}
