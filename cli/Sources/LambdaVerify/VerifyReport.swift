import LambdaAWS
import Foundation

/// Prints a result for people (a timeline of reads), for machines (JSON) or for GitHub Actions
/// (`::error::` annotations).
public enum VerifyReport {
    public enum Format: String, CaseIterable, Sendable { case text, github }

    public static func text(_ result: VerifyResult, request: VerifyRequest) -> String {
        let recording = result.recording
        var lines: [String] = []
        let head = recording.status.map { "\($0)" } ?? "no response"
        lines.append("\(request.method.uppercased()) \(request.url.absoluteString) → \(head)"
                     + (recording.headersMilliseconds.map { String(format: " (headers %.0f ms)", $0) } ?? ""))
        var offset = 0
        for read in recording.reads.prefix(200) {
            let slice = recording.body[offset..<min(offset + read.bytes, recording.body.count)]
            offset += read.bytes
            let preview = String(decoding: slice.prefix(60), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\0", with: "\\0")
            lines.append(String(format: "  +%8.1f ms %7d B  ", read.atMilliseconds, read.bytes) + preview)
        }
        if recording.reads.count > 200 { lines.append("  ... \(recording.reads.count - 200) more reads") }
        lines.append(String(format: "%@: %d read(s), %d bytes, %d line(s), first byte %@, spread %.0f ms, total %.0f ms",
                            result.verdict.rawValue, recording.reads.count, recording.totalBytes, recording.lineCount,
                            recording.firstByteMilliseconds.map { String(format: "%.0f ms", $0) } ?? "-",
                            recording.spreadMilliseconds, recording.totalMilliseconds))
        for problem in result.problems {
            lines.append("error[\(problem.id)]: \(problem.message)")
            lines.append("  fix: \(problem.fix)")
        }
        lines.append(result.exitCode == 0 ? "ok: the response streams" : "FAILED")
        return lines.joined(separator: "\n")
    }

    public static func github(_ result: VerifyResult, request: VerifyRequest) -> String {
        var lines = result.problems.map { problem in
            "::error title=verify-url \(problem.id)::\(escape(problem.message + " Fix: " + problem.fix))"
        }
        let recording = result.recording
        let summary = String(format: "%@ %@: %@ (%d reads, %d bytes, spread %.0f ms)", request.method.uppercased(), request.url.absoluteString,
                             result.verdict.rawValue, recording.reads.count, recording.totalBytes, recording.spreadMilliseconds)
        lines.append(result.exitCode == 0 ? "::notice title=verify-url::\(escape(summary))" : "::error title=verify-url::\(escape(summary))")
        return lines.joined(separator: "\n")
    }

    /// GitHub's workflow-command escaping for `%`, CR and LF.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    public static func json(_ result: VerifyResult, request: VerifyRequest) -> String {
        struct Output: Encodable {
            var ok: Bool
            var exitCode: Int32
            var verdict: String
            var url: String
            var method: String
            var status: Int?
            var headers: [String: String]
            var headersMs: Double?
            var firstByteMs: Double?
            var totalMs: Double
            var spreadMs: Double
            var totalBytes: Int
            var lines: Int
            var reads: [StreamRecording.Read]
            var completed: Bool
            var timedOut: Bool
            var networkError: String?
            var networkFailure: NetworkFailure?
            var bodyPreview: String
            var problems: [VerifyProblem]
        }
        let r = result.recording
        let output = Output(ok: result.exitCode == 0, exitCode: result.exitCode, verdict: result.verdict.rawValue,
                            url: request.url.absoluteString, method: request.method.uppercased(), status: r.status, headers: r.headers,
                            headersMs: r.headersMilliseconds, firstByteMs: r.firstByteMilliseconds, totalMs: r.totalMilliseconds,
                            spreadMs: r.spreadMilliseconds, totalBytes: r.totalBytes, lines: r.lineCount, reads: r.reads,
                            completed: r.completed, timedOut: r.timedOut, networkError: r.networkError, networkFailure: r.networkFailure,
                            bodyPreview: String(decoding: r.body.prefix(1024), as: UTF8.self), problems: result.problems)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(output)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
