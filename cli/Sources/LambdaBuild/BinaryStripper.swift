import Foundation
import LambdaArchive

/// Finds a tool that can strip an executable of a given architecture. GNU `strip` reads only its
/// own machine's ELF files (an x86_64 `strip` on an aarch64 binary stops with "Unable to recognise
/// the format"), so a cross-compiled binary needs the binutils of the target
/// (`aarch64-linux-gnu-strip`), `llvm-strip`, or `llvm-objcopy` (which Swift toolchains ship beside
/// `swift`). Each is tried in that order until one succeeds: LLVM's tools refuse some GNU-linked
/// static binaries ("Link field value ... in section .rela.plt is not a symbol table").
public struct BinaryStripper: Sendable {
    /// `usr/bin` of the Swift toolchain in use, where `llvm-objcopy` lives.
    public var toolchainBin: String?
    public var environment: [String: String]

    public init(toolchainBin: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.toolchainBin = toolchainBin
        self.environment = environment
    }

    /// The toolchain folder of the `swift` found on PATH, symlinks resolved (`/usr/bin/swift` is
    /// often a link into `/opt/swift/usr/bin`).
    public static func toolchainBin(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let swift = CommandRunner.which("swift", environment: environment) else { return nil }
        return PathText.parent(URL(fileURLWithPath: swift).resolvingSymlinksInPath().path)
    }

    /// The commands that could write a stripped copy of `source` to `destination`, best first;
    /// empty when this machine has no tool for `architecture`'s ELF files.
    public func commands(for architecture: Architecture, source: String, destination: String) -> [[String]] {
        func find(_ name: String) -> String? { CommandRunner.which(name, environment: environment) }
        var commands: [[String]] = []
        if architecture == .host, let strip = find("strip") { commands.append([strip, "-o", destination, source]) }
        if let cross = find(architecture == .arm64 ? "aarch64-linux-gnu-strip" : "x86_64-linux-gnu-strip") {
            commands.append([cross, "-o", destination, source])
        }
        if let llvmStrip = find("llvm-strip") { commands.append([llvmStrip, "-o", destination, source]) }
        var objcopies: [String] = []
        if let toolchainBin, FileManager.default.isExecutableFile(atPath: toolchainBin + "/llvm-objcopy") {
            objcopies.append(toolchainBin + "/llvm-objcopy")
        }
        if let objcopy = find("llvm-objcopy"), !objcopies.contains(objcopy) { objcopies.append(objcopy) }
        commands += objcopies.map { [$0, "--strip-all", source, destination] }
        return commands
    }

    /// Writes a stripped copy of `source` to `destination` and returns the tool's path, or returns
    /// nil and writes nothing when no tool could (the reasons are logged by the caller).
    public func strip(_ source: String, to destination: String, architecture: Architecture,
                      runner: CommandRunner) async -> (tool: String?, failures: [String]) {
        var failures: [String] = []
        for command in commands(for: architecture, source: source, destination: destination) {
            let result = try? await runner.run(command, capture: true)
            if result?.status == 0 { return (command[0], failures) }
            try? FileManager.default.removeItem(atPath: destination)
            let reason = result?.output.split(whereSeparator: \.isNewline).first.map(String.init) ?? "did not start"
            failures.append("\(PathText.lastComponent(command[0])): \(reason)")
        }
        return (nil, failures)
    }
}
