import ArgumentParser
import LambdaScaffold

/// `--template swift-stream|swift-url|python-stream`: validation, help and completions come from
/// the cases.
extension InitTemplate: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
