import Foundation

/// Totals over the REPORT lines seen (`tail --stats`).
public struct InvocationStats: Codable, Sendable {
    public var invocations: Int
    public var coldStarts: Int
    public var averageDurationMs: Double
    public var maxDurationMs: Double
    public var billedDurationMs: Double
    public var maxMemoryUsedMB: Int

    public init?(_ reports: [ReportLine]) {
        guard !reports.isEmpty else { return nil }
        invocations = reports.count
        coldStarts = reports.filter { $0.initDurationMs != nil }.count
        averageDurationMs = reports.map(\.durationMs).reduce(0, +) / Double(reports.count)
        maxDurationMs = reports.map(\.durationMs).max() ?? 0
        billedDurationMs = reports.map(\.billedDurationMs).reduce(0, +)
        maxMemoryUsedMB = reports.map(\.maxMemoryUsedMB).max() ?? 0
    }

    public var summary: String {
        "\(invocations) invocation(s), \(coldStarts) cold start(s); duration avg \(String(format: "%.2f", averageDurationMs)) ms, max \(String(format: "%.2f", maxDurationMs)) ms; billed \(ReportLine.ms(billedDurationMs)); max memory \(maxMemoryUsedMB) MB"
    }
}
