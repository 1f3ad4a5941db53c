/// A byte count as people read it (`48.2 MB`), in binary units as AWS's limits are written.
public struct ByteCount: CustomStringConvertible, Sendable {
    public var bytes: UInt64
    public init(_ bytes: UInt64) { self.bytes = bytes }

    public var description: String {
        let units = ["B", "KB", "MB", "GB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let rounded = (value * 10).rounded() / 10
        return "\(rounded) \(units[unit])"
    }
}
