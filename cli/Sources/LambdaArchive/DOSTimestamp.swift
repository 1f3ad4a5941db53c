#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The MS-DOS date and time a zip entry carries. lambdactl stamps every entry with one fixed value so
/// that the same inputs give the same bytes (and the same `CodeSha256`, which lets `deploy` skip an
/// unchanged upload).
public struct DOSTimestamp: Equatable, Sendable {
    public var date: UInt16
    public var time: UInt16

    /// 1980-01-01 00:00:00, the earliest time a zip can hold.
    public static let epoch = DOSTimestamp(date: (0 << 9) | (1 << 5) | 1, time: 0)

    public init(date: UInt16, time: UInt16) {
        self.date = date
        self.time = time
    }

    /// The UTC time `seconds` after the Unix epoch, clamped to the zip range 1980-2107.
    /// Written through `gmtime_r`, not `localtime`, so the result does not depend on `TZ`.
    public init(unixSeconds seconds: Int) {
        var value = time_t(max(seconds, 315_532_800))  // 1980-01-01T00:00:00Z
        var parts = tm()
        gmtime_r(&value, &parts)
        let year = min(max(Int(parts.tm_year) + 1900, 1980), 2107)
        date = UInt16((year - 1980) << 9 | (Int(parts.tm_mon) + 1) << 5 | Int(parts.tm_mday))
        time = UInt16(Int(parts.tm_hour) << 11 | Int(parts.tm_min) << 5 | Int(parts.tm_sec) / 2)
    }

    /// `SOURCE_DATE_EPOCH` when set to a number (the reproducible-builds convention), else 1980-01-01.
    public static func fromEnvironment(_ environment: [String: String]) -> DOSTimestamp {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int(text) {
            return DOSTimestamp(unixSeconds: seconds)
        }
        return .epoch
    }
}
