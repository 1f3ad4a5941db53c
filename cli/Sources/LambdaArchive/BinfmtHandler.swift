/// One entry of the kernel's binfmt_misc table (`/proc/sys/fs/binfmt_misc/NAME`): a program, such
/// as `qemu-aarch64`, that the kernel runs in place of any executable whose first bytes match.
///
/// An x86_64 machine runs arm64 programs only through such an entry, so `serve` and `build-layer`
/// read it before they start something that would otherwise fail with `exec format error`.
public struct BinfmtHandler: Sendable, Equatable {
    /// The entry's file name, e.g. `qemu-aarch64`.
    public var name: String
    public var enabled: Bool
    /// The program the kernel runs, e.g. `/usr/libexec/qemu-binfmt/aarch64-binfmt-P`.
    public var interpreter: String
    /// Single-letter flags. `F` (fix binary) makes the kernel open the interpreter when the entry is
    /// registered, so it works inside mount namespaces and containers that do not have its path.
    public var flags: Set<Character>
    public var offset: Int
    public var magic: [UInt8]
    /// Same length as `magic`; bits set where the file must equal `magic`.
    public var mask: [UInt8]

    public init(name: String, enabled: Bool, interpreter: String, flags: Set<Character>, offset: Int, magic: [UInt8], mask: [UInt8]) {
        self.name = name
        self.enabled = enabled
        self.interpreter = interpreter
        self.flags = flags
        self.offset = offset
        self.magic = magic
        self.mask = mask
    }

    /// True when the `F` flag is set (see `flags`).
    public var fixesBinary: Bool { flags.contains("F") }

    /// Reads an entry as the kernel prints it. Returns nil for what is not a magic-number entry
    /// (extension entries, the `register` and `status` files, text that does not parse).
    public init?(name: String, text: String) {
        var enabled: Bool?
        var interpreter: String?
        var flags = Set<Character>()
        var offset = 0
        var magic: [UInt8]?
        var mask: [UInt8]?
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let key = words.first else { continue }
            let value = words.count > 1 ? words[1] : ""
            switch key {
            case "enabled": enabled = true
            case "disabled": enabled = false
            case "interpreter": interpreter = value
            case "flags:": flags = Set(value)
            case "offset": offset = Int(value) ?? -1
            case "magic": magic = BinfmtHandler.hexBytes(value)
            case "mask": mask = BinfmtHandler.hexBytes(value)
            default: continue
            }
        }
        guard let enabled, let interpreter, let magic, !magic.isEmpty, (0...4096).contains(offset) else { return nil }
        let fullMask = mask ?? [UInt8](repeating: 0xFF, count: magic.count)
        guard fullMask.count == magic.count else { return nil }
        self.init(name: name, enabled: enabled, interpreter: interpreter, flags: flags, offset: offset, magic: magic, mask: fullMask)
    }

    /// True when the kernel would hand a file starting with `header` to this entry (enabled or not).
    public func matches(_ header: [UInt8]) -> Bool {
        guard header.count >= offset + magic.count else { return false }
        for index in magic.indices where header[offset + index] & mask[index] != magic[index] & mask[index] {
            return false
        }
        return true
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
