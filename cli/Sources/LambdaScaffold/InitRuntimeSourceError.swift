/// Why `init` cannot use the runtime source it was given; each says what to pass instead.
public enum InitRuntimeSourceError: Error, Equatable, CustomStringConvertible {
    case pathWithURLOrVersion
    case notARuntimePackage(String)
    /// `example` is a version that would do (this lambdactl's).
    case invalidVersion(String, example: String)

    public var description: String {
        switch self {
        case .pathWithURLOrVersion:
            return "--runtime-path (LAMBDACTL_RUNTIME_PATH) takes the runtime from a folder, --runtime-url and --runtime-version (LAMBDACTL_RUNTIME_URL, LAMBDACTL_RUNTIME_VERSION) from git: give one or the other."
        case let .notARuntimePackage(folder):
            return "\(folder) is not a lambdactl checkout: its Package.swift must be the package \"lambdactl\" with Sources/LambdaRuntime. Pass the folder you cloned lambdactl into (git clone https://github.com/lambdactl/lambdactl)."
        case let .invalidVersion(version, example):
            return "'\(version)' is not a version SwiftPM can resolve from: use MAJOR.MINOR.PATCH, e.g. --runtime-version \(example)."
        }
    }
}
