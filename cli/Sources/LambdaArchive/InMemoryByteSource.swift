/// An `ELFByteSource` over bytes already in memory (a file read whole, or a test's hand-made header).
public struct InMemoryByteSource: ELFByteSource {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: UInt64 { UInt64(bytes.count) }

    public func read(_ ranges: [ByteRange]) throws -> [[UInt8]] {
        try ranges.map { range in
            guard let start = Int(exactly: range.offset), range.length >= 0,
                  start <= bytes.count, range.length <= bytes.count - start else {
                throw ELFError.malformed("\(range) lies past the end of the \(bytes.count)-byte file")
            }
            return Array(bytes[start..<(start + range.length)])
        }
    }
}
