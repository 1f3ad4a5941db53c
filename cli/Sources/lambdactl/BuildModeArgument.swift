import ArgumentParser
import LambdaBuild

/// `--build auto|native|docker`, kept here so the library's enum stays free of ArgumentParser.
enum BuildModeArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, native, docker
    var mode: BuildMode { BuildMode(rawValue: rawValue)! }
}
