/// Writes log lines to stderr, which Lambda ships to CloudWatch Logs.
///
/// Text format (default): `2026-01-02T03:04:05.678Z<TAB>request-id<TAB>INFO<TAB>message`.
/// With `AWS_LAMBDA_LOG_FORMAT=JSON` (Lambda's "JSON log format" setting) each line is one JSON
/// object `{"timestamp","level","requestId","message"}` and `AWS_LAMBDA_LOG_LEVEL` filters levels,
/// as Lambda's own runtimes do. Each line is one `write(2)`, so lines from concurrent invocations
/// never interleave.
public struct LambdaLogger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, warn, error, fatal

        public var name: String {
            switch self {
            case .trace: return "TRACE"
            case .debug: return "DEBUG"
            case .info: return "INFO"
            case .warn: return "WARN"
            case .error: return "ERROR"
            case .fatal: return "FATAL"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
            self = level
        }
    }

    public enum Format: Sendable { case text, json }

    /// The request the lines belong to (`nil` during initialisation).
    public var requestID: String?
    public var format: Format
    public var minimumLevel: Level

    public init(requestID: String? = nil, format: Format, minimumLevel: Level = .info) {
        self.requestID = requestID
        self.format = format
        self.minimumLevel = minimumLevel
    }

    /// The logger configured from `AWS_LAMBDA_LOG_FORMAT` and `AWS_LAMBDA_LOG_LEVEL`.
    public static func fromEnvironment(requestID: String? = nil) -> LambdaLogger {
        let format: Format = environmentValue("AWS_LAMBDA_LOG_FORMAT")?.uppercased() == "JSON" ? .json : .text
        let level = environmentValue("AWS_LAMBDA_LOG_LEVEL").flatMap(Level.init(name:)) ?? .info
        return LambdaLogger(requestID: requestID, format: format, minimumLevel: level)
    }

    public func trace(_ message: @autoclosure () -> String) { log(.trace, message()) }
    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    public func warning(_ message: @autoclosure () -> String) { log(.warn, message()) }
    public func error(_ message: @autoclosure () -> String) { log(.error, message()) }

    /// Writes `message` at `level` if the level is enabled.
    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        guard level >= minimumLevel else { return }
        let line = render(level, message(), timestamp: WallClock.nowMilliseconds())
        StandardError.write(line)
    }

    /// The exact line (with its newline) that `log` would write.
    public func render(_ level: Level, _ message: String, timestamp: Int64) -> String {
        let time = WallClock.iso8601(milliseconds: timestamp)
        switch format {
        case .text:
            var line = time + "\t"
            if let requestID { line += requestID + "\t" }
            line += level.name + "\t" + message
            return line.hasSuffix("\n") ? line : line + "\n"
        case .json:
            var line = "{\"timestamp\":\"\(time)\",\"level\":\"\(level.name)\""
            if let requestID {
                line += ",\"requestId\":"
                JSONValue.appendQuoted(requestID, to: &line)
            }
            line += ",\"message\":"
            JSONValue.appendQuoted(message, to: &line)
            return line + "}\n"
        }
    }
}

/// Unbuffered stderr writes (Swift's `print` buffers stdout; Lambda wants lines out immediately).
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}

/// `getenv` as a Swift string.
func environmentValue(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}
