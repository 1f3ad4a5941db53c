import Foundation
import NIOConcurrencyHelpers

/// Where `serve` prints the function's output and its START/END/REPORT lines. Lines are written
/// whole with one `write(2)` each so that output from concurrent instances never interleaves.
public final class LogWriter: Sendable {
    private let lock = NIOLock()
    private let fd: Int32

    public init(fd: Int32 = 1) {
        self.fd = fd
    }

    public func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        lock.withLock {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Lambda's log timestamps: `2025-01-02T03:04:05.678Z`.
func isoTimestamp(_ date: Date = Date()) -> String {
    let seconds = time_t(date.timeIntervalSince1970)
    var parts = tm()
    var copy = seconds
    gmtime_r(&copy, &parts)
    let millis = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
    func pad(_ value: Int32, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(millis), 3))Z"
}

/// `12.34` for the REPORT line.
func formatMilliseconds(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
