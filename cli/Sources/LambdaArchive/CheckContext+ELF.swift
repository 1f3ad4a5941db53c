import Foundation

/// The checks on ELF files: the bootstrap binary, then every other binary and library of the
/// package and its layers (architecture, glibc, interpreter, shared libraries).
extension CheckContext {
    mutating func checkBootstrapBinary(_ entry: ZipEntryInfo) {
        let elf: ELFFile
        switch elves.elf(source: 0, entry: entry) {
        case .success(let parsed): elf = parsed
        case .failure(let error):
            add("elf-malformed", .error, "bootstrap starts like an ELF binary but cannot be parsed (\(error)); the kernel or the loader would refuse it.",
                fix: "Rebuild the binary, or copy it again if it was truncated on the way (a partial download, a zip made while it was being written).",
                entry: entry.name)
            return
        }
        if architecture == nil { architecture = elf.architecture }
        bootstrapSummary = .init(kind: "elf", architecture: elf.architecture, interpreter: elf.interpreter,
                                 maxGlibc: elf.maxGlibc, neededLibraries: elf.neededLibraries, shebang: nil)
        checkELF(elf, name: entry.name)
        checkLoadedLibraries(of: entry, elf: elf)
    }

    /// Architecture, glibc version and program interpreter of one ELF file.
    mutating func checkELF(_ elf: ELFFile, name: String) {
        if let expected = architecture, elf.machine != expected.elfMachine {
            let found = elf.architecture.map { "\($0)" } ?? "e_machine \(elf.machine)"
            add("elf-architecture-mismatch", .error,
                "'\(name)' is built for \(found) but the function is \(expected); Lambda fails with 'exec format error'.",
                fix: elf.architecture.map { "Rebuild it for \(expected) (lambdactl package --arch \(expected)), or deploy with --arch \($0)." }
                    ?? "Rebuild it for \(expected).", entry: name)
        }
        if let needed = elf.maxGlibc, needed > options.runtime.glibc {
            add("glibc-too-new", .error,
                "'\(name)' needs \(needed) but \(options.runtime) has glibc \(options.runtime.glibc.major).\(options.runtime.glibc.minor): it fails with \"version '\(needed)' not found\".",
                fix: "Build on an older glibc (lambdactl package --build docker uses an Amazon Linux 2023 image), or link fully static (-Xswiftc -static-executable); Foundation and SwiftNIO pull hypotf@GLIBC_2.35 when linked on Debian 12.",
                entry: name)
        }
        if let interpreter = elf.interpreter, !["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"].contains(interpreter) {
            add("elf-interpreter", .warning, "'\(name)' asks for the program interpreter \(interpreter), which Amazon Linux does not have.",
                fix: "Link against glibc (not musl) or fully static.", entry: name)
        }
    }

    /// Every ELF file other than the bootstrap. A library the bootstrap loads was already followed
    /// through the loader's search (errors there); one nothing is known to load keeps the lighter
    /// check: a `DT_NEEDED` name found nowhere in the package, its layers or the runtime is a warning.
    mutating func checkOtherBinaries() {
        for (source, reader) in elves.readers.enumerated() {
            let prefix = source == 0 ? "" : URL(fileURLWithPath: options.layers[source - 1]).lastPathComponent + ":"
            for entry in reader.entries where !entry.isDirectory && !entry.isSymlink && entry.uncompressedSize >= 52 {
                if source == 0 && entry.name == "bootstrap" { continue }
                guard elves.hasMagic(source: source, entry: entry) else { continue }
                let key = ELFCatalog.Key(source: source, index: entry.index)
                let elf: ELFFile
                switch elves.elf(source: source, entry: entry) {
                case .success(let parsed): elf = parsed
                case .failure(let error):
                    if !elves.reached.contains(key) {
                        add("elf-malformed", .warning, "'\(prefix + entry.name)' starts like an ELF file but cannot be parsed (\(error)); anything that loads it will fail.",
                            fix: "Rebuild or copy it again; if nothing uses it, leave it out of the package.", entry: prefix + entry.name)
                    }
                    continue
                }
                if architecture == nil { architecture = elf.architecture }
                checkELF(elf, name: prefix + entry.name)
                if elves.reached.contains(key) { continue }
                for library in elf.neededLibraries where !options.runtime.baseLibraries.contains(library) && !shippedNames.contains(library) {
                    add("missing-shared-library", .warning,
                        "'\(prefix + entry.name)' needs \(library), which \(options.runtime) does not provide and neither the package nor its layers ship (exit 127 if anything loads it: cannot open shared object file).",
                        fix: CheckContext.sharedLibraryFix(library),
                        entry: prefix + entry.name)
                }
            }
        }
    }

    static func isSwiftRuntimeLibrary(_ library: String) -> Bool {
        library.hasPrefix("libswift") || library.hasPrefix("libFoundation") || library.hasPrefix("lib_Foundation")
            || library == "libdispatch.so" || library == "libBlocksRuntime.so"
    }

    static func sharedLibraryFix(_ library: String) -> String {
        isSwiftRuntimeLibrary(library)
            ? "Link the Swift runtime statically: swift build -c release --static-swift-stdlib (lambdactl package --product does)."
            : "Ship \(library) in the package's lib/ folder or a layer's lib/ (on LD_LIBRARY_PATH as /var/task/lib and /opt/lib), or link it statically."
    }
}
