import Foundation
import LambdaArchive

/// The instruction set of the program a function really runs, read from its files before `serve`
/// starts it: the `bootstrap` itself when it is an ELF, else the ELF a bootstrap script runs from
/// the package or a layer (its `#!` interpreter or an `exec` target such as `/opt/bin/python3.11`).
///
/// Programs outside the package (`/bin/sh`) are this machine's own and say nothing about the
/// function, so a script that runs only those has no architecture of its own (nil).
public struct ProgramArchitecture: Sendable, Equatable {
    public var architecture: Architecture
    /// The host path of the ELF it was read from.
    public var file: String
    /// The file's dynamic loader (`PT_INTERP`, e.g. `/lib/ld-linux-aarch64.so.1`); nil when static.
    public var loader: String?

    public init(architecture: Architecture, file: String, loader: String?) {
        self.architecture = architecture
        self.file = file
        self.loader = loader
    }

    /// A script is read up to this many bytes: its shebang and `exec` lines come early.
    static let maxScriptBytes = 64 << 10

    /// Reads `bootstrap` (a host path); `taskRoot` and `optRoot` are the folders that become
    /// `/var/task` and `/opt`. Nil when nothing there is an ELF of a known architecture.
    public static func detect(bootstrap: String, taskRoot: String, optRoot: String) -> ProgramArchitecture? {
        // One open of the bootstrap serves both readings: as an ELF, else as a script's head.
        guard let source = try? FileByteSource(path: bootstrap) else { return nil }
        if let program = elf(in: source, path: bootstrap) { return program }
        let length = Int(min(source.size, UInt64(maxScriptBytes)))
        guard let head = try? source.read([ByteRange(offset: 0, length: length)]).first,
              head.starts(with: Array("#!".utf8)) else { return nil }
        for path in scriptPrograms(String(decoding: head, as: UTF8.self)) {
            guard let hostPath = hostPath(path, taskRoot: taskRoot, optRoot: optRoot) else { continue }
            if let program = elf(at: hostPath) { return program }
        }
        return nil
    }

    /// The programs a script names: its interpreter, then every `exec` target, in order.
    static func scriptPrograms(_ text: String) -> [String] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var programs: [String] = []
        if let first = lines.first {
            let words = first.dropFirst(2).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if let interpreter = words.first { programs.append(String(interpreter)) }
        }
        for line in lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let index = words.firstIndex(of: "exec"), index + 1 < words.count else { continue }
            programs.append(String(words[index + 1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
        }
        return programs
    }

    /// Where a path the function sees lies on this machine, for paths inside the package or its
    /// layers; nil for the machine's own programs.
    static func hostPath(_ path: String, taskRoot: String, optRoot: String) -> String? {
        // A `..` could lead out of the package to any file of this machine's.
        guard !PathText.components(of: path).contains("..") else { return nil }
        for prefix in ["/var/task/", "$LAMBDA_TASK_ROOT/", "${LAMBDA_TASK_ROOT}/", "./"] {
            if let rest = PathText.remainder(of: path, after: prefix) { return taskRoot + "/" + rest }
        }
        if let rest = PathText.remainder(of: path, after: "/opt/") { return optRoot + "/" + rest }
        return nil
    }

    /// FileByteSource opens with O_NONBLOCK and takes regular files only, so a FIFO named as a
    /// program cannot make serve wait for a writer.
    private static func elf(at path: String) -> ProgramArchitecture? {
        guard let source = try? FileByteSource(path: path) else { return nil }
        return elf(in: source, path: path)
    }

    private static func elf(in source: FileByteSource, path: String) -> ProgramArchitecture? {
        guard let elf = try? ELFFile(source: source), let architecture = elf.architecture else { return nil }
        return ProgramArchitecture(architecture: architecture, file: path, loader: elf.interpreter)
    }
}
