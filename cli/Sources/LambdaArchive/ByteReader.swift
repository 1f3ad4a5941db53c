/// Bounds-checked fixed-width reads, in the file's byte order, from one range the parser fetched.
///
/// Offsets are relative to the start of the range; `what` names the range ("section header table")
/// so a read past its end says where the file is inconsistent.
struct ByteReader {
    let bytes: [UInt8]
    let littleEndian: Bool
    let what: String

    private func value(at offset: Int, width: Int) throws -> UInt64 {
        guard offset >= 0, offset <= bytes.count - width else {
            throw ELFError.malformed("the \(what) (\(bytes.count) bytes) has no \(width)-byte field at offset \(offset)")
        }
        var result: UInt64 = 0
        for index in 0..<width {
            result = result << 8 | UInt64(bytes[offset + (littleEndian ? width - 1 - index : index)])
        }
        return result
    }

    func u16(at offset: Int) throws -> UInt16 { UInt16(truncatingIfNeeded: try value(at: offset, width: 2)) }
    func u32(at offset: Int) throws -> UInt32 { UInt32(truncatingIfNeeded: try value(at: offset, width: 4)) }
    func u64(at offset: Int) throws -> UInt64 { try value(at: offset, width: 8) }

    /// An address-sized field (`Elf64_Off`/`Xword` or `Elf32_Off`/`Word`), widened to 64 bits.
    func word(at offset: Int, is64: Bool) throws -> UInt64 {
        is64 ? try u64(at: offset) : UInt64(try u32(at: offset))
    }

    /// The NUL-terminated string starting at `offset`; a string running off the end is malformed
    /// rather than silently cut, since the loader would read past the table too.
    func cString(at offset: UInt64) throws -> String {
        guard let start = Int(exactly: offset), start < bytes.count else {
            throw ELFError.malformed("string offset \(offset) lies outside the \(what) (\(bytes.count) bytes)")
        }
        guard let stop = bytes[start...].firstIndex(of: 0) else {
            throw ELFError.malformed("the string at offset \(offset) of the \(what) has no terminating NUL")
        }
        return String(decoding: bytes[start..<stop], as: UTF8.self)
    }
}
