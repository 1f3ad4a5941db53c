/// The outcome of `verify-url`: the verdict on streaming, every problem found, and the exit status.
///
/// Exit status: 0 the response streamed and every expectation held; 1 it was buffered, an
/// expectation failed, or the function failed (403, error header, stream cut, timeout); 3 no
/// response at all (connection, DNS or TLS failure). 2 (usage) is the command's.
public struct VerifyResult: Sendable {
    public enum Verdict: String, Codable, Sendable {
        case streams, buffered, failed
    }

    public var verdict: Verdict
    public var problems: [VerifyProblem]
    public var recording: StreamRecording

    public var exitCode: Int32 {
        if recording.networkError != nil { return 3 }
        return problems.isEmpty && verdict == .streams ? 0 : 1
    }
}
