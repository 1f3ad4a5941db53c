import Foundation
import LambdaProcess
import Synchronization

/// Reads a function's CloudWatch logs as JSON events (`aws logs filter-log-events`), hands each
/// event over exactly once and verbatim, and keeps the REPORT lines for the per-invocation totals.
///
/// `aws logs tail` is not used: its text output cannot be parsed back into events (a message line
/// that starts with a timestamp looks like a new event, a stream name may contain spaces), and
/// only its JSON-free formats exist. filter-log-events gives every event with its id, so two
/// identical events stay two and a multi-line message stays one. With `follow` it is asked again
/// every `pollInterval` seconds for what came since the last event seen, until a SIGINT/SIGTERM
/// (see `ChildProcesses.forwardTerminationSignals(.stop)`), after which `tail` returns normally so
/// that the caller can still print totals.
public final class LogTailer: Sendable {
    let cli: AWSCLI
    /// REPORT lines, under a lock: the tailer is Sendable, so `reports` may be read from another
    /// task while `tail` is still polling and appending.
    private let collected = Mutex<[ReportLine]>([])

    /// The REPORT lines seen so far.
    public var reports: [ReportLine] { collected.withLock { $0 } }

    public init(cli: AWSCLI) {
        self.cli = cli
    }

    /// The filter-log-events call for events at or after `start` (epoch milliseconds).
    public func arguments(_ options: TailOptions, start: Int) -> [String] {
        var arguments = ["logs", "filter-log-events", "--log-group-name", options.resolvedLogGroup, "--start-time", String(start)]
        if let filter = options.filter {
            arguments += ["--filter-pattern", filter]
        } else if let requestId = options.requestId {
            arguments += ["--filter-pattern", "\"\(requestId)\""]
        }
        return arguments
    }

    /// Runs until every event so far was handed over (without `follow`), or until interrupted.
    public func tail(_ options: TailOptions, onEvent: (LogEvent) -> Void) async throws {
        var version: String?
        if let qualifier = options.qualifier { version = try await resolveVersion(qualifier, function: options.functionName) }
        do {
            try await poll(options, version: version, onEvent: onEvent)
        } catch let error as AWSCLIError where error.serviceCode == "ResourceNotFoundException" {
            throw TailError.noLogGroup(options.resolvedLogGroup, region: cli.options.region)
        }
    }

    /// A version as given (`$LATEST`, `3`); an alias as the version it points at.
    func resolveVersion(_ qualifier: String, function: String) async throws -> String {
        if qualifier == "$LATEST" || qualifier.allSatisfy(\.isNumber) { return qualifier }
        do {
            return try await cli.json(["lambda", "get-alias", "--function-name", function, "--name", qualifier], as: AliasConfiguration.self).FunctionVersion
        } catch let error as AWSCLIError where error.serviceCode == "ResourceNotFoundException" {
            throw TailError.noAlias(function: function, alias: qualifier)
        }
    }

    private func poll(_ options: TailOptions, version: String?, onEvent: (LogEvent) -> Void) async throws {
        var start = try Self.startTime(options.since)
        // The ids of the events at `start`: the next call starts there again (its bound is
        // inclusive), and only those can come back.
        var idsAtStart = Set<String>()
        while ChildProcesses.interruption == nil {
            let output: FilterLogEventsOutput
            do {
                output = try await cli.json(arguments(options, start: start), as: FilterLogEventsOutput.self)
            } catch where ChildProcesses.interruption != nil {
                return
            }
            let events = (output.events ?? []).enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
            for (index, event) in events.enumerated() {
                let id = event.eventId ?? "\(event.timestamp)/\(event.logStreamName ?? "")/\(index)"
                if event.timestamp == start && idsAtStart.contains(id) { continue }
                if event.timestamp > start {
                    start = event.timestamp
                    idsAtStart = []
                }
                idsAtStart.insert(id)
                var message = event.message
                while message.hasSuffix("\n") { message.removeLast() }
                let logEvent = LogEvent(timestamp: Self.detailedTimestamp(event.timestamp), stream: event.logStreamName ?? "", message: message)
                if let requestId = options.requestId, !logEvent.message.contains(requestId) { continue }
                if let version, !logEvent.stream.contains("[\(version)]") { continue }
                if let report = logEvent.report {
                    collected.withLock { $0.append(report) }
                }
                onEvent(logEvent)
            }
            guard options.follow, await ChildProcesses.pause(seconds: options.pollInterval) else { return }
        }
    }

    /// `10m`, `2h`, `1d`, `30s`, `1w` before now, or an ISO 8601 time, in epoch milliseconds.
    public static func startTime(_ since: String, now: Date = Date()) throws -> Int {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        if let unit = since.last, let factor = units[unit], let amount = Double(since.dropLast()), amount >= 0 {
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
