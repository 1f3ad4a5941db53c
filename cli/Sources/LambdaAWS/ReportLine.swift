import Foundation

/// A Lambda `REPORT RequestId: ... Duration: ... Billed Duration: ...` log line, parsed, so that
/// `tail` can show one compact line per invocation and totals at the end.
public struct ReportLine: Codable, Sendable, Equatable {
    public var requestId: String
    public var durationMs: Double
    public var billedDurationMs: Double
    public var memorySizeMB: Int
    public var maxMemoryUsedMB: Int
    /// Only on a cold start.
    public var initDurationMs: Double?

    /// A text `REPORT RequestId: ...` line, or a JSON `platform.report` record (the JSON log
    /// format, `LoggingConfig.LogFormat=JSON`, which LambdaRuntime offers too).
    public init?(message: String) {
        if message.hasPrefix("{") {
            guard let record = Self.platformReport(message) else { return nil }
            self = record
            return
        }
        guard message.hasPrefix("REPORT RequestId:") else { return nil }
        var fields: [String: String] = [:]
        for part in message.dropFirst("REPORT ".count).split(separator: "\t") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            fields[part[..<colon].trimmingCharacters(in: .whitespaces)] = part[part.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func number(_ key: String) -> Double? {
            fields[key].flatMap { Double($0.split(separator: " ").first ?? "") }
        }
        guard let requestId = fields["RequestId"], let duration = number("Duration") else { return nil }
        self.requestId = requestId
        durationMs = duration
        billedDurationMs = number("Billed Duration") ?? duration.rounded(.up)
        memorySizeMB = Int(number("Memory Size") ?? 0)
        maxMemoryUsedMB = Int(number("Max Memory Used") ?? 0)
        initDurationMs = number("Init Duration")
    }

    /// `{"time":"…","type":"platform.report","record":{"requestId":"…","metrics":{"durationMs":12.3,
    /// "billedDurationMs":13,"memorySizeMB":128,"maxMemoryUsedMB":20,"initDurationMs":45.7},…}}`
    static func platformReport(_ message: String) -> ReportLine? {
        guard message.contains("platform.report"),
              let object = try? JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any],
              object["type"] as? String == "platform.report",
              let record = object["record"] as? [String: Any],
              let requestId = record["requestId"] as? String,
              let metrics = record["metrics"] as? [String: Any],
              let duration = (metrics["durationMs"] as? NSNumber)?.doubleValue else { return nil }
        func number(_ key: String) -> Double? { (metrics[key] as? NSNumber)?.doubleValue }
        return ReportLine(requestId: requestId, durationMs: duration, billedDurationMs: number("billedDurationMs") ?? duration.rounded(.up),
                          memorySizeMB: Int(number("memorySizeMB") ?? 0), maxMemoryUsedMB: Int(number("maxMemoryUsedMB") ?? 0),
                          initDurationMs: number("initDurationMs"))
    }

    init(requestId: String, durationMs: Double, billedDurationMs: Double, memorySizeMB: Int, maxMemoryUsedMB: Int, initDurationMs: Double?) {
        self.requestId = requestId
        self.durationMs = durationMs
        self.billedDurationMs = billedDurationMs
        self.memorySizeMB = memorySizeMB
        self.maxMemoryUsedMB = maxMemoryUsedMB
        self.initDurationMs = initDurationMs
    }

    /// `REPORT 1f2e…  12.3 ms (billed 13 ms)  20/128 MB  cold start 45.7 ms`
    public var compact: String {
        var text = "REPORT \(requestId)  \(Self.ms(durationMs)) (billed \(Self.ms(billedDurationMs)))  \(maxMemoryUsedMB)/\(memorySizeMB) MB"
        if let initDurationMs { text += "  cold start \(Self.ms(initDurationMs))" }
        return text
    }

    static func ms(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) ms" : String(format: "%.2f ms", value)
    }
}
