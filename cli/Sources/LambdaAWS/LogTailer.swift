import Foundation

/// Reads a function's CloudWatch logs through `aws logs tail` (AWS CLI v2), hands each event over
/// once, and keeps the REPORT lines for the per-invocation totals.
public final class LogTailer: @unchecked Sendable {
    let cli: AWSCLI
    public private(set) var reports: [ReportLine] = []
    private var seen = Set<String>()
    private var seenOrder: [String] = []

    public init(cli: AWSCLI) {
        self.cli = cli
    }

    public func arguments(_ options: TailOptions) -> [String] {
        var arguments = ["logs", "tail", options.resolvedLogGroup, "--since", options.since, "--format", "detailed"]
        if options.follow { arguments.append("--follow") }
        if let filter = options.filter {
            arguments += ["--filter-pattern", filter]
        } else if let requestId = options.requestId {
            arguments += ["--filter-pattern", "\"\(requestId)\""]
        }
        return arguments
    }

    /// Runs until the CLI ends (at once without `--follow`; on a signal with it).
    public func tail(_ options: TailOptions, onEvent: (LogEvent) -> Void) throws {
        do {
            if options.poll || cli.version.major < 2 {
                try poll(options, onEvent: onEvent)
                return
            }
            try cli.require(.logsTail)
            try stream(options, onEvent: onEvent)
        } catch let error as AWSCLIError where error.serviceCode == "ResourceNotFoundException" {
            throw TailError.noLogGroup(options.resolvedLogGroup, region: cli.options.region)
        }
    }

    private func stream(_ options: TailOptions, onEvent: (LogEvent) -> Void) throws {
        var previous: LogEvent?
        try cli.stream(arguments(options)) { line in
            guard let event = LogEvent.parseDetailed(line, previous: previous) else { return }
            previous = event
            if let requestId = options.requestId, !event.message.contains(requestId) { return }
            // Repeated lines inside one message are content, not duplicates.
            guard event.isContinuation || remember(event) else { return }
            if let report = event.report { reports.append(report) }
            onEvent(event)
        }
    }

    /// AWS CLI v1 has no `logs tail`: ask `filter-log-events` for everything since the last event
    /// seen, and again every `pollInterval` seconds with `follow`.
    private func poll(_ options: TailOptions, onEvent: (LogEvent) -> Void) throws {
        var start = try Self.startTime(options.since)
        var seenIDs = Set<String>()
        while true {
            var arguments = ["logs", "filter-log-events", "--log-group-name", options.resolvedLogGroup, "--start-time", String(start)]
            if let filter = options.filter {
                arguments += ["--filter-pattern", filter]
            } else if let requestId = options.requestId {
                arguments += ["--filter-pattern", "\"\(requestId)\""]
            }
            let output = try cli.json(arguments, as: FilterLogEventsOutput.self)
            for event in (output.events ?? []).sorted(by: { $0.timestamp < $1.timestamp }) {
                guard seenIDs.insert(event.eventId ?? "\(event.timestamp)\(event.message)").inserted else { continue }
                start = max(start, event.timestamp)
                var message = event.message
                while message.hasSuffix("\n") { message.removeLast() }
                let logEvent = LogEvent(timestamp: Self.detailedTimestamp(event.timestamp), stream: event.logStreamName ?? "", message: message)
                if let requestId = options.requestId, !logEvent.message.contains(requestId) { continue }
                if let report = logEvent.report { reports.append(report) }
                onEvent(logEvent)
            }
            guard options.follow else { return }
            Thread.sleep(forTimeInterval: options.pollInterval)
        }
    }

    /// `10m`, `2h`, `1d`, `30s`, `1w` before now, or an ISO 8601 time, in epoch milliseconds.
    static func startTime(_ since: String, now: Date = Date()) throws -> Int {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        if let unit = since.last, let factor = units[unit], let amount = Double(since.dropLast()) {
            return Int((now.timeIntervalSince1970 - amount * factor) * 1000)
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: since) { return Int(date.timeIntervalSince1970 * 1000) }
        throw TailError.badSince(since)
    }

    /// The same text `aws logs tail --format detailed` prints: `2026-11-29T06:50:10.000000+00:00`.
    static func detailedTimestamp(_ milliseconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return formatter.string(from: date) + String(format: ".%06d+00:00", (milliseconds % 1000) * 1000)
    }

    /// `false` for an event already handed over (same time, stream and text); the memory is bounded.
    private func remember(_ event: LogEvent) -> Bool {
        let key = event.timestamp + "\u{1}" + event.stream + "\u{1}" + event.message
        guard seen.insert(key).inserted else { return false }
        seenOrder.append(key)
        if seenOrder.count > 10_000 {
            seen.remove(seenOrder.removeFirst())
        }
        return true
    }
}

struct FilterLogEventsOutput: Decodable {
    struct Event: Decodable {
        var logStreamName: String?
        var timestamp: Int
        var message: String
        var eventId: String?
    }
    var events: [Event]?
}
