import Foundation

/// Small ELF files written by Python's `struct` (an independent writer, not lambdactl's reader run
/// backwards): a consistent one per class and byte order, and copies with one field made hostile.
///
/// Layout of the consistent file: ELF header, program headers (`PT_INTERP`, one `PT_LOAD` mapping
/// the file, `PT_DYNAMIC`), the interpreter path, `.dynstr` ("libc.so.6", "GLIBC_2.34"), `.dynamic`
/// (`DT_NEEDED libc.so.6`, `DT_STRTAB`, `DT_STRSZ`, `DT_VERNEED`, `DT_VERNEEDNUM`, `DT_NULL`),
/// `.gnu.version_r` (one `Elf_Verneed` with one `Elf_Vernaux` for `GLIBC_2.34`), then the section
/// header table (null, `.dynstr`, `.dynamic`, `.gnu.version_r`, `.shstrtab`). `readelf` reads it as a normal file.
public enum HostileELF {
    /// What is broken in a file. `.consistent` is the unbroken file.
    public enum Flaw: String, CaseIterable, Sendable {
        case consistent
        /// `e_phoff` = 2^64 - 256 (2^32 - 256 in ELF32): the program header table lies past any file.
        case phoffHuge = "phoff-huge"
        /// `PT_INTERP`'s `p_filesz` = 2^64 - 16 (2^32 - 16).
        case interpHuge = "interp-huge"
        /// `e_shoff` 4096 bytes past the end of the file.
        case shoffPastEnd = "shoff-past-end"
        /// `.dynamic`'s `sh_link` names section 200 of 4.
        case shLinkOutOfRange = "shlink-out-of-range"
        /// `vn_next` = 2^32 - 16, which in 32-bit arithmetic points back at the same record (a cycle
        /// for a reader that wraps), with `sh_info` claiming 2^32 - 1 records.
        case verneedCycle = "verneed-cycle"
        /// Only the 64-byte header of the issue report: `e_phoff` = 0xFFFFFFFFFFFFFF00, one entry.
        case headerOnlyPhoff = "header-only-phoff"
    }

    public enum Variant: String, CaseIterable, Sendable {
        case elf64LE = "64-le", elf32LE = "32-le", elf64BE = "64-be", elf32BE = "32-be"
    }

    static let script = #"""
import struct, sys

def build(flaw, bits, endian):
    is64 = bits == 64
    E = '<' if endian == 'le' else '>'
    word = 'Q' if is64 else 'I'
    ehsize, phentsize, shentsize = (64, 56, 64) if is64 else (52, 32, 40)
    phnum, shnum = 3, 5
    shstr = b'\0.dynstr\0.dynamic\0.gnu.version_r\0.shstrtab\0'
    interp = b'/lib64/ld-linux-x86-64.so.2\0'
    dynstr = b'\0libc.so.6\0GLIBC_2.34\0'
    needed_off, glibc_off = 1, 11
    phoff = ehsize
    interp_off = phoff + phnum * phentsize
    dynstr_off = interp_off + len(interp)
    dyn_off = (dynstr_off + len(dynstr) + 7) & ~7
    dyn_ent = 16 if is64 else 8
    tags = ((1, needed_off), (5, dynstr_off), (10, len(dynstr)), (0x6ffffffe, 0), (0x6fffffff, 1), (0, 0))
    vn_off = dyn_off + len(tags) * dyn_ent
    dynamic = b''
    for tag, val in tags:
        dynamic += struct.pack(E + ('qQ' if is64 else 'iI'), tag, vn_off if tag == 0x6ffffffe else val)
    vn_next = 0xFFFFFFF0 if flaw == 'verneed-cycle' else 0
    verneed = struct.pack(E + 'HHIII', 1, 1, needed_off, 16, vn_next)
    verneed += struct.pack(E + 'IHHII', 0x0d696914, 0, 2, glibc_off, 0)
    vn_info = 0xFFFFFFFF if flaw == 'verneed-cycle' else 1
    shstr_off = vn_off + len(verneed)
    shoff = (shstr_off + len(shstr) + 7) & ~7
    size = shoff + shnum * shentsize
    if flaw == 'shoff-past-end':
        shoff = size + 4096
    if flaw in ('phoff-huge', 'header-only-phoff'):
        phoff = (1 << bits) - 256
    ident = b'\x7fELF' + bytes([2 if is64 else 1, 1 if endian == 'le' else 2, 1, 0]) + b'\0' * 8
    header = ident + struct.pack(E + 'HHI' + word * 3 + 'IHHHHHH', 3, 62, 1, 0, phoff, shoff, 0,
                                 ehsize, phentsize, phnum, shentsize, shnum, 4)
    assert len(header) == ehsize
    if flaw == 'header-only-phoff':
        return header
    def ph(typ, flags, off, filesz, align):
        if is64:
            return struct.pack(E + 'IIQQQQQQ', typ, flags, off, off, off, filesz, filesz, align)
        return struct.pack(E + 'IIIIIIII', typ, off, off, off, filesz, filesz, flags, align)
    interp_size = ((1 << bits) - 16) if flaw == 'interp-huge' else len(interp)
    programs = ph(3, 4, interp_off, interp_size, 1) + ph(1, 4, 0, size, 0x1000) + ph(2, 6, dyn_off, len(dynamic), 8)
    def sh(name, typ, off, sz, link, info, entsize):
        flags = 0 if name == 33 else 2
        if is64:
            return struct.pack(E + 'IIQQQQIIQQ', name, typ, flags, off, off, sz, link, info, 1, entsize)
        return struct.pack(E + 'IIIIIIIIII', name, typ, flags, off, off, sz, link, info, 1, entsize)
    dyn_link = 200 if flaw == 'shlink-out-of-range' else 1
    sections = (b'\0' * shentsize + sh(1, 3, dynstr_off, len(dynstr), 0, 0, 0)
                + sh(9, 6, dyn_off, len(dynamic), dyn_link, 0, dyn_ent)
                + sh(18, 0x6ffffffe, vn_off, len(verneed), 1, vn_info, 0)
                + sh(33, 3, shstr_off, len(shstr), 0, 0, 0))
    out = bytearray(header + programs)
    out += interp + dynstr
    out += b'\0' * (dyn_off - len(out))
    out += dynamic + verneed + shstr
    out += b'\0' * (shoff - len(out)) if flaw != 'shoff-past-end' else b'\0' * (size - shnum * shentsize - len(out))
    out += sections
    assert len(out) == size
    return bytes(out)

flaw, variant, path = sys.argv[1:4]
bits, endian = variant.split('-')
with open(path, 'wb') as f:
    f.write(build(flaw, int(bits), endian))
"""#

    /// Writes the file for `flaw` in `variant` to `path` with Python and returns its bytes.
    @discardableResult
    public static func write(_ flaw: Flaw, _ variant: Variant, to path: String) throws -> [UInt8] {
        let result = try runProcess("python3", ["-c", script, flaw.rawValue, variant.rawValue, path])
        guard result.status == 0 else { throw FixtureError(message: "python struct ELF writer: \(result.transcript)") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
