/// One result of a package check: a stable `id` (for scripts and docs), a severity, what is wrong,
/// and how to fix it.
public struct Finding: Codable, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable, Comparable {
        case warning, error
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var id: String
    public var severity: Severity
    public var message: String
    public var fix: String
    /// The zip entry concerned, when there is one (`layer.zip:lib/x.so` for a layer's entry).
    public var entry: String?

    public init(id: String, severity: Severity, message: String, fix: String, entry: String? = nil) {
        self.id = id
        self.severity = severity
        self.message = message
        self.fix = fix
        self.entry = entry
    }

    /// `error[bootstrap-crlf]: message` then `  fix: ...`, as `doctor` prints it.
    public var description: String { "\(severity.rawValue)[\(id)]: \(message)\n  fix: \(fix)" }
}
