import Foundation

/// Runs the external programs a build needs (swift, strip, docker). Output is either shown live
/// (the child inherits the terminal, so progress bars and colours work) or captured and shown only
/// when the command fails (`--quiet`).
public struct CommandRunner: Sendable {
    public var quiet: Bool
    /// Prints each command before it runs (`-v`).
    public var verbose: Bool
    /// Where progress and verbose lines go (standard error, so `--json` stays clean).
    public var log: @Sendable (String) -> Void

    public init(quiet: Bool = false, verbose: Bool = false, log: @escaping @Sendable (String) -> Void = { CommandRunner.standardError($0) }) {
        self.quiet = quiet
        self.verbose = verbose
        self.log = log
    }

    public static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Finds `name` on `PATH`, or returns it unchanged when it is a path.
    public static func which(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `command` and returns its exit status and, when captured, its combined output.
    @discardableResult
    public func run(_ command: [String], capture: Bool? = nil, environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        guard let executable = CommandRunner.which(command[0]) else {
            throw BuildError.commandFailed(command: command[0], status: 127, output: "\(command[0]): not found on PATH")
        }
        if verbose { log("+ " + command.map(CommandRunner.shellQuoted).joined(separator: " ")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let shouldCapture = capture ?? quiet
        let pipe = Pipe()
        if shouldCapture {
            process.standardOutput = pipe
            process.standardError = pipe
        } else {
            // Build output belongs on stderr too, so that `--json` on stdout stays parseable.
            process.standardOutput = FileHandle.standardError
        }
        try process.run()
        var output = Data()
        if shouldCapture { output = pipe.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Like `run`, but a non-zero exit throws with the command and the end of its output.
    @discardableResult
    public func check(_ command: [String], capture: Bool? = nil, environment: [String: String]? = nil) throws -> String {
        let result = try run(command, capture: capture, environment: environment)
        guard result.status == 0 else {
            throw BuildError.commandFailed(command: command.prefix(3).joined(separator: " "), status: result.status, output: result.output)
        }
        return result.output
    }

    public static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
