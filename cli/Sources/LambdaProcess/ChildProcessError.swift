/// Why a child could not be run to its end. A child that ran and exited non-zero is not an error
/// here: callers judge its `ChildResult`.
public enum ChildProcessError: Error, Equatable, CustomStringConvertible {
    /// A name not on `PATH`.
    case notFound(program: String, path: String)
    /// A path that is missing, not a file, or not executable; `reason` is the system's word.
    case cannotStart(program: String, reason: String)
    /// `workingDirectory` does not exist or cannot be entered.
    case cannotEnterDirectory(String, program: String)
    /// The child wrote more than the `ChildOutput` limit.
    case outputTooLarge(command: String, limit: Int)
    /// The child ran past `ChildCommand.timeout` and was ended.
    case timedOut(command: String, after: Duration)
    /// Reading the child's output or waiting for it failed (a system error, not the child's).
    case monitoringFailed(command: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let program, let path):
            return "'\(program)' was not found on PATH (\(path)). Install it, or put the folder that holds it on PATH."
        case .cannotStart(let program, let reason):
            return "cannot run \(program): \(reason). Check that the path names an executable file."
        case .cannotEnterDirectory(let folder, let program):
            return "cannot start \(program) in \(folder): the folder does not exist or cannot be entered. Check the path."
        case .outputTooLarge(let command, let limit):
            return "\(command) wrote more than \(limit / 1024 / 1024) MiB of output; lambdactl stopped reading it. Narrow the command (a filter, a shorter time range)."
        case .timedOut(let command, let after):
            return "\(command) did not finish within \(after.components.seconds) s and was stopped. Check that it is not waiting for input or a network that does not answer."
        case .monitoringFailed(let command, let reason):
            return "lost track of \(command): \(reason). Run the command again."
        }
    }
}
