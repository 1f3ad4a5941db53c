/// An invariant a harness found broken: the parser did not trap, but its answer is inconsistent
/// (a round trip changed the value, two ways of feeding the same bytes disagree ...).
public struct FuzzViolation: Error, CustomStringConvertible, Equatable, Sendable {
    public let invariant: String
    public let detail: String

    public init(_ invariant: String, _ detail: String = "") {
        self.invariant = invariant
        self.detail = detail
    }

    public var description: String {
        (detail.isEmpty ? invariant : "\(invariant): \(detail)")
            + "; keep the input as a regression file and fix the parser so the invariant holds"
    }
}
