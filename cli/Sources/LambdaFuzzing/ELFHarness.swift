import LambdaArchive

/// `ELFFile`, which `doctor` and `package` run on every binary in a zip. It must throw or answer,
/// never trap; the answer has no cheap independent check, so only totality is fuzzed here (the
/// `zip` target runs it again inside whole packages).
enum ELFHarness {
    static func check(_ bytes: [UInt8]) -> FuzzViolation? {
        guard let elf = try? ELFFile(bytes: bytes) else { return nil }
        if let interpreter = elf.interpreter, interpreter.utf8.contains(0) {
            return FuzzViolation("the interpreter path contains a NUL byte", interpreter)
        }
        if elf.neededLibraries.contains(where: { $0.utf8.contains(0) }) {
            return FuzzViolation("a DT_NEEDED name contains a NUL byte")
        }
        return nil
    }
}
