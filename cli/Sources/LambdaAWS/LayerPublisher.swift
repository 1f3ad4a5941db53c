import Foundation
import LambdaArchive

/// `build-layer --publish NAME`: publishes a layer zip as a new version, compatible with one runtime
/// and one architecture, and returns its ARN.
public struct LayerPublisher: Sendable {
    public var cli: AWSCLI

    public init(cli: AWSCLI) { self.cli = cli }

    public func publish(zip: String, name: String, architecture: Architecture, runtime: TargetRuntime, description: String) throws -> String {
        let size = ((try? FileManager.default.attributesOfItem(atPath: zip)[.size]) as? NSNumber)?.uint64Value ?? 0
        guard size <= PackageLimits.directUploadBytes else {
            throw DeployError.needsS3(path: zip, bytes: size)
        }
        let path = URL(fileURLWithPath: zip).standardizedFileURL.path
        let version = try cli.json(["lambda", "publish-layer-version", "--layer-name", name, "--description", description,
                                    "--compatible-runtimes", runtime.rawValue, "--compatible-architectures", architecture.rawValue,
                                    "--zip-file", "fileb://" + path], as: LayerVersion.self)
        return version.LayerVersionArn
    }
}
