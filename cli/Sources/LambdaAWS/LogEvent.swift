/// One log line of a function, as `tail` prints it (or emits it with `--json`).
public struct LogEvent: Codable, Sendable, Equatable {
    public var timestamp: String
    public var stream: String
    public var message: String
    public var report: ReportLine?
    /// A line of a multi-line message (it carries the previous event's time and stream).
    public var isContinuation = false

    enum CodingKeys: String, CodingKey {
        case timestamp, stream, message, report
    }

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

    /// Parses one line of `aws logs tail --format detailed`: `2026-11-29T06:50:10.000000+00:00 STREAM MESSAGE`.
    /// Lines that do not start with a timestamp continue the previous event's message.
    public static func parseDetailed(_ line: String, previous: LogEvent?) -> LogEvent? {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count >= 2, Self.looksLikeTimestamp(parts[0]) {
            return LogEvent(timestamp: String(parts[0]), stream: String(parts[1]), message: parts.count > 2 ? String(parts[2]) : "")
        }
        guard let previous else { return line.isEmpty ? nil : LogEvent(timestamp: "", stream: "", message: line) }
        var event = LogEvent(timestamp: previous.timestamp, stream: previous.stream, message: line)
        event.isContinuation = true
        return event
    }

    static func looksLikeTimestamp(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        return digits.allSatisfy { bytes[$0] >= 48 && bytes[$0] <= 57 } && bytes[4] == 45 && bytes[10] == 84
    }
}
