/// Where a child's standard output and standard error go.
public enum ChildOutput: Sendable, Equatable {
    /// Both collected, each into its own buffer of at most `limit` bytes (a child that writes more
    /// fails the run with `outputTooLarge` rather than being cut short silently).
    case separate(limit: Int)
    /// Both collected into one buffer, interleaved as the child wrote them (`2>&1`).
    case combined(limit: Int)
    /// Both written straight to lambdactl's standard error as they come, so progress bars and
    /// colours work and `--json` on standard output stays parseable. Nothing is collected.
    case standardError

    /// What lambdactl collects from its aws and build tools: far above any JSON answer they give,
    /// low enough that a runaway child cannot exhaust memory.
    public static let defaultLimit = 64 * 1024 * 1024
}
