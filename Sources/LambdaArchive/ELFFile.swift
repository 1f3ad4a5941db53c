/// What lambdactl needs to know about an ELF executable or shared library before Lambda runs it:
/// its machine (`exec format error` when wrong), the program interpreter, the shared libraries it
/// names (`DT_NEEDED`) and the glibc symbol versions it requires (`.gnu.version_r`).
///
/// Parsed in Swift from the bytes, so `doctor` works on any machine without binutils.
public struct ELFFile: Sendable {
    public enum Class: Int, Codable, Sendable { case elf32 = 32, elf64 = 64 }

    public var elfClass: Class
    public var littleEndian: Bool
    /// `e_machine`: 62 x86_64, 183 aarch64.
    public var machine: UInt16
    /// `e_type`: 2 executable, 3 shared object (also PIE executables).
    public var fileType: UInt16
    /// `PT_INTERP`, e.g. `/lib64/ld-linux-x86-64.so.2`; `nil` for a fully static binary.
    public var interpreter: String?
    /// `DT_NEEDED` entries in file order.
    public var neededLibraries: [String]
    /// Every version name required from other objects (`GLIBC_2.34`, `GCC_3.0`, ...).
    public var requiredVersions: [String]

    /// The architecture lambdactl knows for `machine`, if any.
    public var architecture: Architecture? { Architecture(elfMachine: machine) }

    /// The highest `GLIBC_x.y` required, `nil` when the binary needs no versioned glibc symbol.
    public var maxGlibc: GlibcVersion? { requiredVersions.compactMap(GlibcVersion.init(symbolVersion:)).max() }

    /// True when the first bytes are the ELF magic number.
    public static func hasMagic<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        Array(bytes.prefix(4)) == [0x7F, 0x45, 0x4C, 0x46]
    }

    public init(bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        guard ELFFile.hasMagic(bytes), bytes.count >= 52 else { throw ELFError.notELF }
        switch bytes[4] {
        case 1: elfClass = .elf32
        case 2: elfClass = .elf64
        default: throw ELFError.malformed("unknown ELF class \(bytes[4])")
        }
        guard bytes[5] == 1 || bytes[5] == 2 else { throw ELFError.malformed("unknown byte order \(bytes[5])") }
        littleEndian = bytes[5] == 1
        reader.littleEndian = littleEndian
        let is64 = elfClass == .elf64
        fileType = try reader.u16(at: 16)
        machine = try reader.u16(at: 18)
        let phoff = is64 ? try reader.u64(at: 32) : UInt64(try reader.u32(at: 28))
        let shoff = is64 ? try reader.u64(at: 40) : UInt64(try reader.u32(at: 32))
        let phentsize = Int(try reader.u16(at: is64 ? 54 : 42))
        let phnum = Int(try reader.u16(at: is64 ? 56 : 44))
        let shentsize = Int(try reader.u16(at: is64 ? 58 : 46))
        let shnum = Int(try reader.u16(at: is64 ? 60 : 48))

        interpreter = nil
        for index in 0..<phnum {
            let base = Int(phoff) + index * phentsize
            guard try reader.u32(at: base) == 3 else { continue }  // PT_INTERP
            let offset = is64 ? try reader.u64(at: base + 8) : UInt64(try reader.u32(at: base + 4))
            let size = is64 ? try reader.u64(at: base + 32) : UInt64(try reader.u32(at: base + 16))
            interpreter = try reader.cString(at: Int(offset), limit: Int(size))
        }

        // Sections: `.dynamic` (DT_NEEDED, via its linked string table) and `.gnu.version_r`.
        var sections: [(type: UInt32, offset: Int, size: Int, link: Int, entsize: Int, info: Int)] = []
        for index in 0..<shnum where shoff != 0 {
            let base = Int(shoff) + index * shentsize
            let type = try reader.u32(at: base + 4)
            if is64 {
                sections.append((type, Int(try reader.u64(at: base + 24)), Int(try reader.u64(at: base + 32)),
                                 Int(try reader.u32(at: base + 40)), Int(try reader.u64(at: base + 56)),
                                 Int(try reader.u32(at: base + 44))))
            } else {
                sections.append((type, Int(try reader.u32(at: base + 16)), Int(try reader.u32(at: base + 20)),
                                 Int(try reader.u32(at: base + 24)), Int(try reader.u32(at: base + 36)),
                                 Int(try reader.u32(at: base + 28))))
            }
        }
        func stringTable(_ link: Int) throws -> (Int) throws -> String {
            guard link < sections.count else { throw ELFError.malformed("bad string table link") }
            let table = sections[link]
            return { try reader.cString(at: table.offset + $0, limit: table.size - $0) }
        }

        neededLibraries = []
        for section in sections where section.type == 6 {  // SHT_DYNAMIC
            let string = try stringTable(section.link)
            let entrySize = is64 ? 16 : 8
            var position = section.offset
            while position + entrySize <= section.offset + section.size {
                let tag = is64 ? try reader.u64(at: position) : UInt64(try reader.u32(at: position))
                let value = is64 ? try reader.u64(at: position + 8) : UInt64(try reader.u32(at: position + 4))
                if tag == 0 { break }  // DT_NULL
                if tag == 1 { neededLibraries.append(try string(Int(value))) }  // DT_NEEDED
                position += entrySize
            }
        }

        requiredVersions = []
        for section in sections where section.type == 0x6fff_fffe {  // SHT_GNU_verneed
            let string = try stringTable(section.link)
            var need = section.offset
            for _ in 0..<max(section.info, 0) {
                let count = Int(try reader.u16(at: need + 2))
                var aux = need + Int(try reader.u32(at: need + 8))
                for _ in 0..<count {
                    requiredVersions.append(try string(Int(try reader.u32(at: aux + 8))))
                    let nextAux = Int(try reader.u32(at: aux + 12))
                    if nextAux == 0 { break }
                    aux += nextAux
                }
                let next = Int(try reader.u32(at: need + 12))
                if next == 0 { break }
                need += next
            }
        }
    }
}

/// Why bytes could not be read as ELF.
public enum ELFError: Error, CustomStringConvertible, Equatable {
    case notELF
    case malformed(String)

    public var description: String {
        switch self {
        case .notELF: return "not an ELF file"
        case .malformed(let why): return "malformed ELF file: \(why)"
        }
    }
}

/// Bounds-checked fixed-width reads in the file's byte order.
struct ByteReader {
    let bytes: [UInt8]
    var littleEndian = true

    private func check(_ offset: Int, _ width: Int) throws {
        guard offset >= 0, width >= 0, offset <= bytes.count - width else {
            throw ELFError.malformed("read of \(width) bytes at \(offset) past the end (\(bytes.count))")
        }
    }

    private func value(at offset: Int, width: Int) throws -> UInt64 {
        try check(offset, width)
        var result: UInt64 = 0
        for index in 0..<width {
            let byte = UInt64(bytes[offset + (littleEndian ? width - 1 - index : index)])
            result = result << 8 | byte
        }
        return result
    }

    func u16(at offset: Int) throws -> UInt16 { UInt16(try value(at: offset, width: 2)) }
    func u32(at offset: Int) throws -> UInt32 { UInt32(try value(at: offset, width: 4)) }
    func u64(at offset: Int) throws -> UInt64 { try value(at: offset, width: 8) }

    func cString(at offset: Int, limit: Int) throws -> String {
        try check(offset, 0)
        let end = min(bytes.count, offset + max(limit, 0))
        var stop = offset
        while stop < end, bytes[stop] != 0 { stop += 1 }
        return String(decoding: bytes[offset..<stop], as: UTF8.self)
    }
}
