/// What lambdactl needs to know about an ELF executable or shared library before Lambda runs it:
/// its machine (`exec format error` when wrong), the program interpreter, the shared libraries it
/// names (`DT_NEEDED`) and where the loader will look for them (`DT_RPATH`, `DT_RUNPATH`), and the
/// glibc symbol versions it requires (`.gnu.version_r`).
///
/// Parsed in Swift from the bytes, so `doctor` works on any machine without binutils. The bytes are
/// untrusted (a zip from anywhere): every offset, size and count is checked against the file before
/// it is used, every sum and product is checked for overflow, and every loop is bounded by the size
/// of the data it walks, so no input traps or hangs; an inconsistent file throws
/// `ELFError.malformed` naming the field. Only the ranges the checks need are read, through an
/// `ELFByteSource`, so inspecting a 40 MB binary holds kilobytes, not the binary.
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
    /// `DT_SONAME`: the name other objects record when they link against this library.
    public var soname: String?
    /// `DT_RPATH` directories (searched before `LD_LIBRARY_PATH`, only when there is no `DT_RUNPATH`).
    public var rpath: [String]
    /// `DT_RUNPATH` directories (searched after `LD_LIBRARY_PATH`, for this object's own needs only).
    public var runpath: [String]
    /// Every version name required from other objects (`GLIBC_2.34`, `GCC_3.0`, ...).
    public var requiredVersions: [String]

    /// The architecture lambdactl knows for `machine`, if any.
    public var architecture: Architecture? { Architecture(elfMachine: machine) }

    /// The highest `GLIBC_x.y` required, `nil` when the binary needs no versioned glibc symbol.
    public var maxGlibc: GlibcVersion? { requiredVersions.compactMap(GlibcVersion.init(symbolVersion:)).max() }

    /// The largest single range the parser reads (a string table, `.dynamic`, `.gnu.version_r`): real
    /// ones are kilobytes, so anything larger is treated as a hostile size rather than allocated.
    public static let maxRangeBytes = 16 << 20
    /// The kernel refuses a `PT_INTERP` longer than `PATH_MAX` (fs/binfmt_elf.c), so lambdactl does too.
    public static let maxInterpreterBytes = 4096

    /// True when the first bytes are the ELF magic number.
    public static func hasMagic<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        Array(bytes.prefix(4)) == [0x7F, 0x45, 0x4C, 0x46]
    }

    public init(bytes: [UInt8]) throws {
        try self.init(source: InMemoryByteSource(bytes))
    }

    public init<Source: ELFByteSource>(source: Source) throws {
        let fileSize = source.size
        // Round 1: the ELF header.
        let headLength = Int(min(fileSize, 64))
        guard headLength >= 4 else { throw ELFError.notELF }
        let head = try ELFFile.fetch(source, [ByteRange(offset: 0, length: headLength)])[0]
        guard ELFFile.hasMagic(head) else { throw ELFError.notELF }
        switch head.count > 4 ? head[4] : 0 {
        case 1: elfClass = .elf32
        case 2: elfClass = .elf64
        default: throw ELFError.malformed("unknown ELF class \(head.count > 4 ? head[4] : 0) (EI_CLASS must be 1 or 2)")
        }
        let is64 = elfClass == .elf64
        let headerSize = is64 ? 64 : 52
        guard head.count >= headerSize else {
            throw ELFError.malformed("the file is \(fileSize) bytes, shorter than the \(headerSize)-byte ELF\(is64 ? 64 : 32) header")
        }
        guard head[5] == 1 || head[5] == 2 else { throw ELFError.malformed("unknown byte order \(head[5]) (EI_DATA must be 1 or 2)") }
        let little = head[5] == 1
        littleEndian = little
        let header = ByteReader(bytes: head, littleEndian: little, what: "ELF header")
        fileType = try header.u16(at: 16)
        machine = try header.u16(at: 18)
        let phoff = try header.word(at: is64 ? 32 : 28, is64: is64)
        let shoff = try header.word(at: is64 ? 40 : 32, is64: is64)
        let phentsize = try header.u16(at: is64 ? 54 : 42)
        let phnum = try header.u16(at: is64 ? 56 : 44)
        let shentsize = try header.u16(at: is64 ? 58 : 46)
        let shnum = try header.u16(at: is64 ? 60 : 48)

        // Round 2: the program and section header tables. Their entry sizes are fixed by the ELF
        // class (the loader refuses others), which also bounds each table to 65535 entries of 64 bytes.
        let programTable = try ELFFile.table("program header table", offset: phoff, count: phnum, entrySize: phentsize,
                                              expected: is64 ? 56 : 32, field: "e_phentsize", fileSize: fileSize)
        // e_shnum 0 with a non-zero e_shoff is extended numbering (over 65279 sections), which no
        // executable or library lambdactl checks uses; the section table is then ignored.
        let sectionTable = shoff == 0 || shnum == 0 ? nil
            : try ELFFile.table("section header table", offset: shoff, count: shnum, entrySize: shentsize,
                                expected: is64 ? 64 : 40, field: "e_shentsize", fileSize: fileSize)
        let tables = try ELFFile.fetch(source, [programTable, sectionTable].compactMap { $0 })
        let programs = programTable.map { _ in ByteReader(bytes: tables[0], littleEndian: little, what: "program header table") }
        let sectionBytes = sectionTable.map { _ in tables[programTable == nil ? 0 : 1] }

        var interpreterRange: ByteRange?
        if let programs {
            for index in 0..<Int(phnum) {
                let base = index * Int(phentsize)
                guard try programs.u32(at: base) == 3 else { continue }  // PT_INTERP
                guard interpreterRange == nil else { throw ELFError.malformed("more than one PT_INTERP program header") }
                let offset = try programs.word(at: base + (is64 ? 8 : 4), is64: is64)
                let size = try programs.word(at: base + (is64 ? 32 : 16), is64: is64)
                guard size >= 1, size <= UInt64(ELFFile.maxInterpreterBytes) else {
                    throw ELFError.malformed("PT_INTERP is \(size) bytes; an interpreter path is 1 to \(ELFFile.maxInterpreterBytes) bytes")
                }
                interpreterRange = try ELFFile.range("PT_INTERP", offset: offset, size: size, fileSize: fileSize)
            }
        }

        var sections: [Section] = []
        if let sectionBytes {
            let reader = ByteReader(bytes: sectionBytes, littleEndian: little, what: "section header table")
            for index in 0..<Int(shnum) {
                let base = index * Int(shentsize)
                sections.append(Section(
                    index: index,
                    type: try reader.u32(at: base + 4),
                    offset: try reader.word(at: base + (is64 ? 24 : 16), is64: is64),
                    size: try reader.word(at: base + (is64 ? 32 : 20), is64: is64),
                    link: try reader.u32(at: base + (is64 ? 40 : 24)),
                    info: try reader.u32(at: base + (is64 ? 44 : 28))))
            }
        }
        // One .dynamic and one .gnu.version_r at most (the gABI allows a single SHT_DYNAMIC; GNU
        // tools never write two verneed tables), so a hostile table cannot make lambdactl read 65535.
        let dynamic = try ELFFile.single(sections, type: 6, name: ".dynamic (SHT_DYNAMIC)")
        let verneed = try ELFFile.single(sections, type: 0x6fff_fffe, name: ".gnu.version_r (SHT_GNU_verneed)")

        // Round 3: the section contents, and the string tables their sh_link names.
        var wanted: [ByteRange] = []
        func want(_ range: ByteRange) -> Int {
            if let existing = wanted.firstIndex(of: range) { return existing }
            wanted.append(range)
            return wanted.count - 1
        }
        let interpreterSlot = interpreterRange.map(want)
        var dynamicSlots: (data: Int, strings: Int)?
        if let dynamic {
            let strings = try ELFFile.stringTable(linkedFrom: dynamic, in: sections)
            dynamicSlots = (want(try dynamic.range(fileSize: fileSize)), want(try strings.range(fileSize: fileSize)))
        }
        var verneedSlots: (data: Int, strings: Int)?
        if let verneed {
            let strings = try ELFFile.stringTable(linkedFrom: verneed, in: sections)
            verneedSlots = (want(try verneed.range(fileSize: fileSize)), want(try strings.range(fileSize: fileSize)))
        }
        let contents = try ELFFile.fetch(source, wanted)

        interpreter = nil
        if let interpreterSlot {
            let bytes = contents[interpreterSlot]
            guard let end = bytes.firstIndex(of: 0) else { throw ELFError.malformed("the PT_INTERP path has no terminating NUL") }
            interpreter = String(decoding: bytes[..<end], as: UTF8.self)
        }

        neededLibraries = []
        soname = nil
        rpath = []
        runpath = []
        if let dynamicSlots {
            let entries = ByteReader(bytes: contents[dynamicSlots.data], littleEndian: little, what: ".dynamic section")
            let strings = ByteReader(bytes: contents[dynamicSlots.strings], littleEndian: little, what: ".dynamic string table")
            let entrySize = is64 ? 16 : 8
            for index in 0..<(entries.bytes.count / entrySize) {
                let tag = try entries.word(at: index * entrySize, is64: is64)
                let value = try entries.word(at: index * entrySize + entrySize / 2, is64: is64)
                switch tag {
                case 0: break  // DT_NULL ends the array
                case 1: neededLibraries.append(try strings.cString(at: value))  // DT_NEEDED
                case 14: soname = try strings.cString(at: value)  // DT_SONAME
                case 15: rpath += ELFFile.searchPath(try strings.cString(at: value))  // DT_RPATH
                case 29: runpath += ELFFile.searchPath(try strings.cString(at: value))  // DT_RUNPATH
                default: continue
                }
                if tag == 0 { break }
            }
        }

        requiredVersions = []
        if let verneedSlots, let verneed {
            let records = ByteReader(bytes: contents[verneedSlots.data], littleEndian: little, what: ".gnu.version_r section")
            let strings = ByteReader(bytes: contents[verneedSlots.strings], littleEndian: little, what: ".gnu.version_r string table")
            requiredVersions = try ELFFile.versionNeeds(records, strings: strings, count: verneed.info)
        }
    }

    /// One section header, with the fields the checks use.
    private struct Section {
        var index: Int
        var type: UInt32
        var offset: UInt64
        var size: UInt64
        var link: UInt32
        var info: UInt32

        func range(fileSize: UInt64) throws -> ByteRange {
            try ELFFile.range("section \(index)", offset: offset, size: size, fileSize: fileSize)
        }
    }

    private static func fetch<Source: ELFByteSource>(_ source: Source, _ ranges: [ByteRange]) throws -> [[UInt8]] {
        if ranges.isEmpty { return [] }
        let result = try source.read(ranges)
        guard result.count == ranges.count, zip(result, ranges).allSatisfy({ $0.count == $1.length }) else {
            throw ELFError.malformed("the file ended before the \(ranges.map(\.description).joined(separator: ", ")) its headers refer to")
        }
        return result
    }

    /// The range `offset ..< offset + size`, after checking it fits the file and the read cap.
    private static func range(_ what: String, offset: UInt64, size: UInt64, fileSize: UInt64) throws -> ByteRange {
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= fileSize else {
            throw ELFError.malformed("\(what) (\(size) bytes at offset \(offset)) lies past the end of the \(fileSize)-byte file")
        }
        guard let length = Int(exactly: size), length <= maxRangeBytes else {
            throw ELFError.malformed("\(what) is \(size) bytes, over the \(maxRangeBytes >> 20) MiB lambdactl reads of one table")
        }
        return ByteRange(offset: offset, length: length)
    }

    private static func table(_ what: String, offset: UInt64, count: UInt16, entrySize: UInt16, expected: Int,
                              field: String, fileSize: UInt64) throws -> ByteRange? {
        if count == 0 { return nil }
        guard Int(entrySize) == expected else {
            throw ELFError.malformed("\(field) is \(entrySize), but entries of this ELF class are \(expected) bytes")
        }
        // At most 65535 × 64 bytes, so the product cannot overflow.
        return try range(what, offset: offset, size: UInt64(count) * UInt64(entrySize), fileSize: fileSize)
    }

    private static func single(_ sections: [Section], type: UInt32, name: String) throws -> Section? {
        let matching = sections.filter { $0.type == type }
        guard matching.count <= 1 else { throw ELFError.malformed("\(matching.count) \(name) sections; a file has at most one") }
        return matching.first
    }

    private static func stringTable(linkedFrom section: Section, in sections: [Section]) throws -> Section {
        guard let index = Int(exactly: section.link), index < sections.count else {
            throw ELFError.malformed("section \(section.index) links to string table \(section.link), but there are only \(sections.count) sections")
        }
        guard sections[index].type == 3 else {  // SHT_STRTAB
            throw ELFError.malformed("section \(section.index) links to section \(index) of type \(sections[index].type), not a string table")
        }
        return sections[index]
    }

    /// Splits a `DT_RPATH`/`DT_RUNPATH` value on `:` (empty entries dropped).
    private static func searchPath(_ value: String) -> [String] {
        value.split(separator: ":").map(String.init)
    }

    /// Walks `.gnu.version_r`: `count` `Elf_Verneed` records chained by `vn_next`, each with
    /// `vn_cnt` `Elf_Vernaux` records chained by `vna_next` (both 16 bytes in either class). Every
    /// record visited costs one of the section's size / 16 slots, so a chain that loops (`vn_next`
    /// pointing back) runs out and is reported instead of spinning forever.
    private static func versionNeeds(_ records: ByteReader, strings: ByteReader, count: UInt32) throws -> [String] {
        var budget = records.bytes.count / 16
        func spend() throws {
            guard budget > 0 else {
                throw ELFError.malformed(".gnu.version_r chains more records than its \(records.bytes.count) bytes hold (a vn_next or vna_next loop)")
            }
            budget -= 1
        }
        func advance(_ position: Int, by step: UInt32, _ field: String) throws -> Int {
            let (next, overflow) = position.addingReportingOverflow(Int(exactly: step) ?? Int.max)
            guard !overflow, next < records.bytes.count else {
                throw ELFError.malformed("\(field) \(step) at offset \(position) points past the end of .gnu.version_r (\(records.bytes.count) bytes)")
            }
            return next
        }
        var names: [String] = []
        var need = 0
        var visited: UInt32 = 0
        while visited < count {
            visited += 1
            try spend()
            let auxCount = try records.u16(at: need + 2)
            var aux = try advance(need, by: try records.u32(at: need + 8), "vn_aux")
            var auxVisited: UInt16 = 0
            while auxVisited < auxCount {
                auxVisited += 1
                try spend()
                names.append(try strings.cString(at: UInt64(try records.u32(at: aux + 8))))
                let nextAux = try records.u32(at: aux + 12)
                if nextAux == 0 { break }
                aux = try advance(aux, by: nextAux, "vna_next")
            }
            let next = try records.u32(at: need + 12)
            if next == 0 { break }
            need = try advance(need, by: next, "vn_next")
        }
        return names
    }
}
