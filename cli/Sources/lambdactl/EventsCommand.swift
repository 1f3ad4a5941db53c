import ArgumentParser
import LambdaArchive
import Foundation
import LambdaLocal

/// `lambdactl events`: the sample events `invoke --event` sends, to read or to save and edit.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List and print the sample events of AWS services (for invoke --event).",
        discussion: """
        Each event has the shape AWS documents for that service (the page is cited in \
        LambdaLocal's SampleEvent), with example values. `invoke --event NAME` sends one; \
        `events show NAME > event.json` saves one to edit and send with --data-file.

        Examples:
          # what there is
          lambdactl events list
          # an SQS message whose body is your JSON
          lambdactl events show sqs --data '{"order": 42}'
          # save an S3 notification to edit
          lambdactl events show s3
        """,
        subcommands: [EventsListCommand.self, EventsShowCommand.self]
    )
}

struct EventsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Name each sample event and where --data goes in it.",
        discussion: """
        Examples:
          # the names invoke --event and events show take
          lambdactl events list
          # as JSON
          lambdactl events list --json
        """
    )

    @Flag(name: .long, help: "Print a JSON array of {name, summary, takesData}.")
    var json = false

    func run() throws {
        if json {
            struct Entry: Encodable { var name: String; var summary: String; var takesData: Bool }
            print(jsonText(SampleEvent.allCases.map { Entry(name: $0.rawValue, summary: $0.summary, takesData: $0.takesData) }))
            return
        }
        let width = SampleEvent.allCases.map(\.rawValue.count).max() ?? 0
        for event in SampleEvent.allCases {
            print(event.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + event.summary)
        }
    }
}

struct EventsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one sample event as JSON, with --data in its place.",
        discussion: """
        Exit status: 0 success, 2 --data that is not JSON or has no place in the event, 64 an \
        unknown NAME.

        Examples:
          # an SNS notification carrying your message
          lambdactl events show sns --data '{"hello": "world"}'
          # an EventBridge event whose detail is read from a file
          lambdactl events show eventbridge --data-file detail.json
        """
    )

    @Argument(help: ArgumentHelp("The event (lambdactl events list names them).", valueName: "name"))
    var name: SampleEvent

    @Option(name: .long, help: ArgumentHelp("JSON to put where the service puts its payload.", valueName: "json"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Read that JSON from a file ('-' for stdin).", valueName: "path"), completion: .file())
    var dataFile: String?

    func validate() throws {
        if data != nil && dataFile != nil { throw ValidationError("give --data or --data-file, not both.") }
    }

    func run() throws {
        let payload = try EventData.read(data: data, dataFile: dataFile)
        do {
            let bytes = try name.json(data: payload)
            FileHandle.standardOutput.write(Data(bytes + [0x0A]))
        } catch {
            printError("error: \(ErrorText.describe(error))")
            throw ExitCode(2)
        }
    }
}
