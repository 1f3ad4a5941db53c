/// A run of bytes in a file, as the ELF headers describe it: where it starts and how long it is.
///
/// The parser builds ranges only after checking them against the file's size, so a source can trust
/// `length` to be small (every range is capped by `ELFFile.maxRangeBytes`).
public struct ByteRange: Hashable, Sendable, CustomStringConvertible {
    public var offset: UInt64
    public var length: Int

    public init(offset: UInt64, length: Int) {
        self.offset = offset
        self.length = length
    }

    /// One past the last byte, `nil` when that does not fit in 64 bits (a hostile offset).
    public var end: UInt64? {
        guard let length = UInt64(exactly: length) else { return nil }
        let (sum, overflow) = offset.addingReportingOverflow(length)
        return overflow ? nil : sum
    }

    public var description: String { "\(length) bytes at offset \(offset)" }
}
