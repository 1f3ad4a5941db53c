import AWSEventStream
import ArgumentParser
import Foundation
import LambdaAWS
import LambdaLocal

/// `lambdactl invoke`: print a streamed response chunk by chunk as it arrives. Both a deployed
/// FUNCTION and `--local` (`lambdactl serve`) are called with InvokeWithResponseStream through the
/// same `StreamingInvoker`; a deployed one is signed with the credentials of the user's aws CLI
/// (the CLI itself cannot show a response stream).
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Invoke a function with response streaming and print each chunk as it arrives.",
        discussion: """
        Chunks go to stdout unchanged the moment they arrive. If the stream ends with an error \
        (InvokeComplete's ErrorCode), it is printed on stderr and the exit status is 1. \
        A deployed FUNCTION is called with InvokeWithResponseStream, signed (SigV4) with the \
        credentials `aws configure export-credentials` gives; a function that does not stream \
        answers the same way, in one chunk. \
        Exit status: 0 success, 1 function error (or a stream cut before InvokeComplete), \
        2 bad input or configuration (an unreadable event, no region, an endpoint that is not \
        Lambda's API, a function that does not exist), 3 the server could not be reached, \
        64 bad arguments.

        Examples:
          # the function `serve` runs
          lambdactl invoke --local --data '{"sentence": "a b c"}'
          # as its Function URL would
          lambdactl invoke --local --url-event --data-file body.json
          # as SQS would, with your message as the body (lambdactl events list)
          lambdactl invoke --local --event sqs --data '{"order": 42}'
          # the deployed function; its log on stderr
          lambdactl invoke words --data '{}' --logs
          # an alias, in another region
          lambdactl invoke words --qualifier live --region eu-west-1
        """
    )

    @Argument(help: ArgumentHelp("The deployed function to invoke (name or ARN). With --local: the name `lambdactl serve` runs (default 'function').", valueName: "function"))
    var function: String?

    @Flag(name: .long, help: "Invoke the function run by `lambdactl serve` on this machine.")
    var local = false

    @Option(name: .long, help: ArgumentHelp("Port of `lambdactl serve` (with --local).", valueName: "n"))
    var port: Int = 9000

    @Option(name: .long, help: ArgumentHelp("Host of `lambdactl serve` (with --local).", valueName: "address"))
    var host: String = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The event, as JSON text (default {}).", valueName: "json"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Read the event from a file ('-' for stdin).", valueName: "path"), completion: .file())
    var dataFile: String?

    @Flag(name: .long, help: "Wrap the data in a Function URL (payload 2.0) event as its body, and strip the HTTP-integration prelude from the output (its status goes to stderr). The same as --event function-url.")
    var urlEvent = false

    @Option(name: .long, help: ArgumentHelp("Send the sample event of an AWS service, with --data in its place (lambdactl events list).", valueName: "name"))
    var event: SampleEvent?

    @Flag(name: .long, help: "Print the invocation's log (LogResult: START ... REPORT) on stderr at the end.")
    var logs = false

    @Option(name: [.customLong("qualifier"), .customLong("alias")], help: ArgumentHelp("Version or alias of the deployed FUNCTION.", valueName: "name"))
    var qualifier: String?

    @OptionGroup var aws: AWSCommandOptions

    func validate() throws {
        if data != nil && dataFile != nil { throw ValidationError("give --data or --data-file, not both.") }
        if urlEvent, let event, event != .functionURL {
            throw ValidationError("--url-event is --event function-url; it cannot be combined with --event \(event.rawValue).")
        }
    }

    func run() async throws {
        let given = try EventData.read(data: data, dataFile: dataFile)
        let sample = urlEvent ? .functionURL : event
        let payload: [UInt8]
        if let sample {
            // --url-event has always sent {} as the body when no data was given.
            let data = given ?? (sample == .functionURL ? Array("{}".utf8) : nil)
            do { payload = try sample.json(data: data) } catch { throw fail("\(error)") }
        } else {
            payload = given ?? Array("{}".utf8)
        }

        let invoker: StreamingInvoker
        let name: String
        if local {
            invoker = StreamingInvoker.local(host: host, port: port)
            name = try Project.functionName(function) ?? "function"
        } else {
            let cli = try await aws.makeCLI()
            name = try Project.requireFunctionName(function)
            do {
                invoker = try await StreamingInvoker.using(cli)
            } catch {
                throw fail("\(error)")
            }
        }
        var printer = InvokeStreamPrinter(stripPrelude: sample == .functionURL)
        do {
            _ = try await invoker.invoke(function: name, payload: payload, qualifier: qualifier, tailLogs: logs) { event in
                try? printer.handle(event)
            }
        } catch .functionError, .incomplete {
            // Reported by the printer (from InvokeComplete, or its absence), in the same words
            // for a local and a deployed function.
        } catch {
            printer.flush()
            throw fail("\(error)", status: error.isNetwork ? 3 : 2)
        }
        throw ExitCode(printer.finish())
    }

    private func fail(_ message: String, status: Int32 = 2) -> Error {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(status)
    }
}
