/// One reason a run failed, with what to do about it.
public struct VerifyProblem: Codable, Sendable, Equatable {
    public var id: String
    public var message: String
    public var fix: String
}
