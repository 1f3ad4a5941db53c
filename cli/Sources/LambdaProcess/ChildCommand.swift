/// A program to run, with everything about how it starts: the one description every child of
/// lambdactl (aws, docker, swift, strip, zip tools) is started from.
public struct ChildCommand: Sendable, Equatable {
    /// The program: a path (`/usr/bin/docker`) or a name looked up on the `PATH` of `environment`
    /// (or of lambdactl's own environment when that is `nil`).
    public var program: String
    public var arguments: [String]
    /// The child's whole environment; `nil` inherits lambdactl's.
    public var environment: [String: String]?
    /// The folder the child starts in; `nil` keeps lambdactl's.
    public var workingDirectory: String?
    /// `.own` starts the child as the leader of a new process group, so that a timeout, a
    /// cancellation or lambdactl's SIGINT/SIGTERM ends it and everything it started (docker's
    /// helpers, swift's compiler jobs) with one signal. `.inherited` (the default) keeps it in
    /// lambdactl's group, so a terminal's Ctrl-C reaches it directly, as it reaches any shell job.
    public var processGroup: ChildProcessGroup
    /// After this long the child's group gets SIGTERM, then SIGKILL two seconds later, and the run
    /// throws `ChildProcessError.timedOut`. `nil` waits as long as the child runs.
    public var timeout: Duration?

    public init(_ program: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                workingDirectory: String? = nil, processGroup: ChildProcessGroup = .inherited,
                timeout: Duration? = nil) {
        self.program = program
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.processGroup = processGroup
        self.timeout = timeout
    }

    /// `[program] + arguments`, the form most callers build.
    public init(commandLine: [String], environment: [String: String]? = nil, workingDirectory: String? = nil,
                processGroup: ChildProcessGroup = .inherited, timeout: Duration? = nil) {
        self.init(commandLine.first ?? "", Array(commandLine.dropFirst()), environment: environment,
                  workingDirectory: workingDirectory, processGroup: processGroup, timeout: timeout)
    }

    /// The command as one shell-quoted line, for `-v` echo and error messages; the values of
    /// options that carry secrets are replaced (see `CommandRedactor`).
    public var displayed: String { CommandRedactor.display([program] + arguments) }
}

/// Which process group a child starts in (see `ChildCommand.processGroup`).
public enum ChildProcessGroup: Sendable, Equatable {
    case inherited
    case own
}
