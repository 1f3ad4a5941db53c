/// One log event of a function, as `tail` prints it (or emits it with `--json`); `message` is the
/// event's text verbatim, several lines when the function wrote them in one event.
public struct LogEvent: Codable, Sendable, Equatable {
    public var timestamp: String
    public var stream: String
    public var message: String
    public var report: ReportLine?

    public init(timestamp: String, stream: String, message: String) {
        self.timestamp = timestamp
        self.stream = stream
        self.message = message
        self.report = ReportLine(message: message)
    }

    /// Whether the line reports a failure (coloured on a terminal).
    public var isError: Bool {
        message.contains("ERROR") || message.contains("Runtime.") || message.contains("Task timed out") || message.hasPrefix("[ERROR]")
    }
}
