/// How a child ended and what it wrote (empty for output that was not collected).
public struct ChildResult: Sendable, Equatable {
    public var exit: ChildExit
    /// Standard output; with `.combined`, both streams.
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]

    public init(exit: ChildExit, standardOutput: [UInt8] = [], standardError: [UInt8] = []) {
        self.exit = exit
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The status as a shell reports it: the exit code, or 128 + the signal.
    public var status: Int32 { exit.shellStatus }

    public var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
    public var errorText: String { String(decoding: standardError, as: UTF8.self) }
}

/// How a child ended.
public enum ChildExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    /// The exit code, or 128 + the signal, as `$?` in a shell.
    public var shellStatus: Int32 {
        switch self {
        case .exited(let code): return code
        case .signalled(let signal): return 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signalled(let signal): return "killed by signal \(signal)"
        }
    }
}
