import Foundation
import LambdaProcess

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
        ExecutableSearch.which(name, environment: environment)
    }

    /// Runs `command` and returns its exit status and, when captured, its combined output. The
    /// child starts through `ChildProcess` (signal mask reset, only fds 0-2, recorded for
    /// lambdactl's SIGINT/SIGTERM).
    @discardableResult
    public func run(_ command: [String], capture: Bool? = nil, environment: [String: String]? = nil) async throws -> (status: Int32, output: String) {
        let child = ChildCommand(commandLine: command, environment: environment)
        let output: ChildOutput = (capture ?? quiet) ? .combined(limit: ChildOutput.defaultLimit) : .standardError
        let result: ChildResult
        do {
            result = try await ChildProcess.run(child, output: output, echo: verbose ? log : nil)
        } catch .notFound(let program, _) {
            throw BuildError.commandFailed(command: program, status: 127, output: "\(program): not found on PATH")
        } catch {
            throw BuildError.commandFailed(command: command.first ?? "", status: 127, output: error.description)
        }
        return (result.status, result.outputText)
    }

    /// Like `run`, but a non-zero exit throws with the command and the end of its output.
    @discardableResult
    public func check(_ command: [String], capture: Bool? = nil, environment: [String: String]? = nil) async throws -> String {
        let result = try await run(command, capture: capture, environment: environment)
        guard result.status == 0 else {
            throw BuildError.commandFailed(command: command.prefix(3).joined(separator: " "), status: result.status, output: result.output)
        }
        return result.output
    }

    public static func shellQuoted(_ word: String) -> String { CommandRedactor.shellQuote(word) }
}
