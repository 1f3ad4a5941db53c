/// The project kinds `lambdactl init` creates; each is a folder of templates/, embedded in the
/// binary by scripts/update-templates.
public enum InitTemplate: String, CaseIterable, Sendable {
    /// A Swift `bootstrap` that streams one JSON line per word (direct invoke, `invoke --local`).
    case swiftStream = "swift-stream"
    /// The same streamer behind a Function URL: status and headers first, then the lines.
    case swiftURL = "swift-url"
    /// The seed design: a shell `bootstrap`, a streaming `runtime.py`, and the word generator.
    case pythonStream = "python-stream"

    public var isSwift: Bool { self != .pythonStream }

    /// The sentence the template's handler streams when the event has none; `[verify]` expects one
    /// line per word of it.
    public static let defaultSentence = "Hello world"

    /// The embedded files, as scripts/update-templates recorded them.
    var files: [EmbeddedTemplates.File] { EmbeddedTemplates.all[rawValue] ?? [] }
}
