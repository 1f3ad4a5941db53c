import ArgumentParser
import LambdaBuild

/// `--build auto|native|docker|swift-sdk`, kept here so the library's enum stays free of ArgumentParser.
enum BuildModeArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, native, docker
    case swiftSDK = "swift-sdk"
    var mode: BuildMode { BuildMode(rawValue: rawValue)! }
}
