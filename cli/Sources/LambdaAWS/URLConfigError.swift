/// Why `url-config` could not make the URL what was asked, with the way out.
public enum URLConfigError: ExitCoded, CustomStringConvertible, Sendable {
    /// add-permission answered ResourceConflictException and the statement under that Sid is not
    /// the one a public URL needs.
    case sidTaken(function: String, sid: String, actions: [String])

    public var exitCode: Int32 { 1 }

    public var description: String {
        switch self {
        case .sidTaken(let function, let sid, let actions):
            let held = actions.isEmpty ? "another statement" : "a statement for \(actions.joined(separator: ", "))"
            return "the Sid \(sid) on \(function) is held by \(held), not the statement a public URL needs, so the URL would answer 403. Free it (aws lambda remove-permission --function-name \(function) --statement-id \(sid)) and run lambdactl url-config \(function) --auth NONE again."
        }
    }
}
