import ArgumentParser
import LambdaProcess
import Foundation
import LambdaAWS

/// `lambdactl tail`: a function's logs, with REPORT lines made readable.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Show a function's CloudWatch logs (filter-log-events), with a compact line per REPORT.",
        discussion: """
        Events are printed verbatim, one per event (a multi-line message stays whole, two identical \
        events stay two). ERROR lines are red on a terminal (never with NO_COLOR set or --color \
        never). REPORT lines, text or JSON log format (platform.report), become `REPORT <id>  \
        <duration> (billed ..)  <used>/<size> MB  cold start <init>`; --stats adds totals at the \
        end, also when --follow is stopped with Ctrl-C. --follow asks again every 2 s until \
        interrupted.

        Examples:
          # the last 10 minutes, then follow
          lambdactl tail words --since 10m --follow
          # errors of the last hour, with invocation totals
          lambdactl tail words --since 1h --filter ERROR --stats
          # one invocation's lines, as JSON
          lambdactl tail words --request-id 8f5c2d1e-0000-4000-8000-000000000000 --json
        """
    )

    @OptionGroup var aws: AWSCommandOptions

    @Argument(help: "The function name (its log group is /aws/lambda/<name> unless --log-group; default: lambdactl.toml's).")
    var function: String?

    @Option(name: .long, help: ArgumentHelp("How far back to start: 10m, 1h, 2d, or an ISO 8601 time.", valueName: "age"))
    var since = "10m"

    @Flag(name: [.short, .long], help: "Keep printing new lines as they arrive (Ctrl-C to stop).")
    var follow = false

    @Option(name: .long, help: ArgumentHelp("A CloudWatch Logs filter pattern (e.g. ERROR, or '\"exact phrase\"').", valueName: "pattern"))
    var filter: String?

    @Option(name: .long, help: ArgumentHelp("Only the lines of this invocation.", valueName: "id"))
    var requestId: String?

    @Option(name: [.customLong("qualifier"), .customLong("alias")], help: ArgumentHelp("Only the events of this version or alias (streams named [version]).", valueName: "name"))
    var qualifier: String?

    @Option(name: .long, help: ArgumentHelp("Read this log group instead of /aws/lambda/<function>.", valueName: "name"))
    var logGroup: String?

    /// Kept so that scripts written for the `aws logs tail` days still parse: events are always
    /// read with filter-log-events now.
    @Flag(name: .long, help: ArgumentHelp("No effect: events are always read with filter-log-events.", visibility: .hidden))
    var poll = false

    @Flag(name: .long, help: "Print invocation totals (count, cold starts, durations, memory) at the end.")
    var stats = false

    @Option(name: .long, help: "auto (colour on a terminal unless NO_COLOR is set), always, or never.")
    var color: ColorChoice = .auto

    @Flag(name: .long, help: "Print one JSON object per line ({timestamp, stream, message, report}).")
    var json = false

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    func run() async throws {
        let function = try Project.requireFunctionName(self.function)
        // A bad --since is refused before any aws call (exit 2).
        try reportingErrors { _ = try LogTailer.startTime(since) }
        let cli = try await aws.makeCLI(allowV1: true)
        // Ctrl-C ends the aws child and the polling, then the totals are still printed.
        ChildProcesses.forwardTerminationSignals(.stop)
        let environment = ProcessInfo.processInfo.environment
        let useColor: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        }
        let tailer = LogTailer(cli: cli)
        var options = TailOptions(functionName: function, since: since, follow: follow, filter: filter, requestId: requestId, logGroup: logGroup)
        options.qualifier = qualifier
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await reportingErrors {
            try await tailer.tail(options) { event in
                if json {
                    let line = (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                    writeLine(line)
                    return
                }
                let text = "\(event.timestamp) \(event.report?.compact ?? event.message)"
                if useColor && event.isError {
                    writeLine("\u{1B}[31m\(text)\u{1B}[0m")
                } else if useColor && event.report != nil {
                    writeLine("\u{1B}[2m\(text)\u{1B}[0m")
                } else {
                    writeLine(text)
                }
            }
        }
        if stats {
            if let totals = InvocationStats(tailer.reports) {
                if json { writeLine("{\"stats\":\(String(decoding: (try? encoder.encode(totals)) ?? Data("{}".utf8), as: UTF8.self))}") }
                else { writeLine("-- \(totals.summary)") }
            } else if !json {
                writeLine("-- no REPORT lines in this range")
            }
        }
        if let signal = ChildProcesses.interruption { throw ExitCode(128 + signal) }
    }

    /// Unbuffered, so `--follow` output reaches a pipe as each line comes.
    func writeLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
