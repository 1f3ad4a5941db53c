import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs lambdactl's children (aws, docker, swift, strip): the one place a program is started,
/// on swift-subprocess. What every child gets:
/// - an empty signal mask and default signal dispositions (swift-subprocess resets both: Swift's
///   concurrency and Dispatch threads block most signals, and a child inheriting that mask would
///   ignore SIGTERM and outlive lambdactl);
/// - only fds 0-2 (swift-subprocess closes the rest, so no socket of serve's leaks into it);
/// - standard input from /dev/null, so a child that prompts (an SSO login, a docker credential
///   helper) fails instead of hanging on a terminal nobody watches;
/// - a slot in `ChildProcesses`, so lambdactl's SIGINT/SIGTERM ends it too;
/// - on cancellation or `timeout`: SIGTERM (to its group when it has its own), then SIGKILL.
///
/// `serve`'s functions are the one exception (`LambdaLocal.FunctionProcess`): they need their
/// rusage from `wait4` and outlive any one task, which swift-subprocess's scoped `run` cannot give.
public enum ChildProcess {
    /// How long a child has between SIGTERM and SIGKILL when it is stopped.
    public static let gracePeriod: Duration = .seconds(2)

    /// Runs `command` to its end. `echo` (for `-v`) receives the command line, redacted, before it
    /// starts. A non-zero exit is a result, not an error: only a child that could not be started,
    /// watched or finished in time throws.
    public static func run(_ command: ChildCommand, output: ChildOutput = .separate(limit: ChildOutput.defaultLimit),
                           echo: (@Sendable (String) -> Void)? = nil) async throws(ChildProcessError) -> ChildResult {
        let executable = try ExecutableSearch.resolve(command.program, environment: command.environment)
        if let folder = command.workingDirectory {
            var info = stat()
            guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, access(folder, X_OK) == 0 else {
                throw .cannotEnterDirectory(folder, program: command.program)
            }
        }
        echo?("+ " + command.displayed)
        guard let timeout = command.timeout else {
            return try await launch(command, executable: executable, output: output)
        }
        let outcome: Result<ChildResult, ChildProcessError>? = await withTaskGroup(of: Result<ChildResult, ChildProcessError>?.self) { group in
            group.addTask {
                do throws(ChildProcessError) {
                    return .success(try await launch(command, executable: executable, output: output))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            // Cancelling the run tears the child down (SIGTERM, then SIGKILL) and waits for it.
            group.cancelAll()
            if first == nil { _ = await group.next() }
            return first
        }
        guard let outcome else { throw .timedOut(command: command.displayed, after: timeout) }
        return try outcome.get()
    }

    private static func launch(_ command: ChildCommand, executable: String,
                               output: ChildOutput) async throws(ChildProcessError) -> ChildResult {
        var options = PlatformOptions()
        let ownGroup = command.processGroup == .own
        if ownGroup { options.processGroupID = 0 }
        options.teardownSequence = [.send(signal: .terminate, toProcessGroup: ownGroup, allowedDurationToNextStep: gracePeriod)]
        // By key, not as raw `K=V` byte rows: swift-subprocess 1.0.2 passes each row to strdup
        // as it is, so rows without a NUL ran into each other (AWS_REGION=us-east-1 followed by
        // the next variable's bytes). ChildProcessTests.testEnvironmentIsExactlyTheOneGiven.
        let environment: Environment = command.environment.map { variables in
            .custom(Dictionary(uniqueKeysWithValues: variables.compactMap { name, value in
                Environment.Key(rawValue: name).map { ($0, value) }
            }))
        } ?? .inherit
        let configuration = Configuration(
            executable: .path(FilePath(executable)),
            arguments: Arguments(command.arguments),
            environment: environment,
            workingDirectory: command.workingDirectory.map { FilePath($0) },
            platformOptions: options
        )
        let registered = Mutex<pid_t>(0)
        let register: (pid_t) -> Void = { pid in
            let target = ownGroup ? -pid : pid
            registered.withLock { $0 = target }
            ChildProcesses.add(target)
        }
        defer {
            let target = registered.withLock { $0 }
            if target != 0 { ChildProcesses.remove(target) }
        }
        do {
            switch output {
            case .separate(let limit):
                let result = try await Subprocess.run(configuration, input: .none, output: .bytes(limit: limit),
                                                      error: .bytes(limit: limit)) { execution in
                    register(execution.processIdentifier.value)
                }
                return ChildResult(exit: exit(result.terminationStatus), standardOutput: result.standardOutput,
                                   standardError: result.standardError)
            case .combined(let limit):
                let result = try await Subprocess.run(configuration, input: .none, output: .bytes(limit: limit),
                                                      error: .combinedWithOutput) { execution in
                    register(execution.processIdentifier.value)
                }
                return ChildResult(exit: exit(result.terminationStatus), standardOutput: result.standardOutput)
            case .standardError:
                let result = try await Subprocess.run(configuration, input: .none, output: .currentStandardError,
                                                      error: .currentStandardError) { execution in
                    register(execution.processIdentifier.value)
                }
                return ChildResult(exit: exit(result.terminationStatus))
            }
        } catch let error as SubprocessError {
            throw translate(error, command: command, executable: executable, output: output)
        } catch {
            // Only cancellation reaches here (the bodies above do not throw): the child was torn down.
            throw .monitoringFailed(command: command.displayed, reason: "the run was cancelled")
        }
    }

    private static func exit(_ status: TerminationStatus) -> ChildExit {
        switch status {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .signalled(signal)
        }
    }

    private static func translate(_ error: SubprocessError, command: ChildCommand, executable: String,
                                  output: ChildOutput) -> ChildProcessError {
        let reason = error.underlyingError.map { String(cString: strerror($0.rawValue)) } ?? "\(error)"
        switch error.code {
        case .executableNotFound, .spawnFailed:
            return .cannotStart(program: executable, reason: reason)
        case .failedToChangeWorkingDirectory:
            return .cannotEnterDirectory(command.workingDirectory ?? "", program: command.program)
        case .outputLimitExceeded:
            switch output {
            case .separate(let limit), .combined(let limit): return .outputTooLarge(command: command.displayed, limit: limit)
            case .standardError: return .monitoringFailed(command: command.displayed, reason: reason)
            }
        default:
            return .monitoringFailed(command: command.displayed, reason: reason)
        }
    }
}
