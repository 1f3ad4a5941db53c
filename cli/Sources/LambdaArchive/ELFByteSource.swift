/// Where the ELF parser gets its bytes: a few ranges at a time, so a 40 MB binary is never held
/// whole in memory.
///
/// The parser asks in three rounds (the header, then the program and section header tables, then the
/// sections it needs), each round naming every range it wants at once: a source that can only read
/// front to back, such as a deflate stream inside a zip, serves a whole round in one pass and keeps
/// only the wanted bytes.
public protocol ELFByteSource {
    /// The file's size as far as the source knows it (a zip's declared size may lie; a source whose
    /// data ends early throws from `read`).
    var size: UInt64 { get }

    /// The bytes of each range, in the order asked. Throws when a range is not there.
    func read(_ ranges: [ByteRange]) throws -> [[UInt8]]
}
