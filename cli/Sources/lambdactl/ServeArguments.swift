import ArgumentParser
import LambdaLocal

/// `serve --invoke-mode`: the values Lambda's `InvokeMode` takes, in any case (`buffered` too), so
/// that help, completions and the error for a wrong value come from the parser.
extension InvokeMode: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `serve --isolation`: `auto` picks the best `Isolation` this machine allows.
enum IsolationArgument: String, CaseIterable, ExpressibleByArgument {
    case auto, namespace, bwrap, none

    /// The mode to force, or nil for the detected one.
    var isolation: Isolation? {
        switch self {
        case .auto: return nil
        case .namespace: return .mountNamespace
        case .bwrap: return .bubblewrap
        case .none: return Isolation.none
        }
    }
}
