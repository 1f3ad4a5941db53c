import LambdaAWS
import LambdaBuild

/// The README's exit policy for builds and layers: what is missing or wrong around the build
/// (docker, swift, a Swift SDK, a product, a Python version, an empty folder) is bad input or
/// configuration, 2; a build that ran and failed, or a layer that fails its checks, is 1.
extension BuildError: ExitCoded {
    public var exitCode: Int32 {
        switch self {
        case .dockerMissing, .dockerNotRunning, .platformUnsupported, .swiftMissing, .productNotFound,
             .nativeArchitectureMismatch, .unsupportedPython, .layerEmpty,
             .swiftSDKMissing, .swiftSDKAmbiguous, .swiftSDKArchitectureMismatch:
            return 2
        case .commandFailed, .layerInvalid:
            return 1
        }
    }
}
