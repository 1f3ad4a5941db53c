import ArgumentParser
import LambdaLocal

/// `--event NAME` and `events show NAME`: validation, help and completions from the cases.
extension SampleEvent: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
