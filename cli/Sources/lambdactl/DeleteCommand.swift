import ArgumentParser
import Foundation
import LambdaAWS

/// `lambdactl delete`: remove a function and what lambdactl set up for it, after showing the list.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a function with its Function URLs and the permissions lambdactl added (and, on request, its role and logs).",
        discussion: """
        Lists what it will remove and asks before removing it. Off a terminal it removes nothing \
        unless --yes is given (exit 2). --role also deletes the execution role, only when \
        `deploy --create-role` made it (tagged created-by=lambdactl); any other role is kept and \
        named. --logs also deletes the log group /aws/lambda/<function>. --dry-run prints the aws \
        commands and changes nothing. A step whose resource is already gone counts as done, so an \
        interrupted delete can be run again.

        Examples:
          # see what would go, and the aws commands, without changing anything
          lambdactl delete words --dry-run
          # everything lambdactl made for the function, without asking
          lambdactl delete words --role --logs --yes
        """
    )

    @OptionGroup var aws: AWSCommandOptions

    @Argument(help: "The function name (default: [function] name in lambdactl.toml).")
    var function: String?

    @Flag(name: .long, help: "Also delete the execution role, if lambdactl created it (deploy --create-role).")
    var role = false

    @Flag(name: .long, help: "Also delete the log group /aws/lambda/<function>.")
    var logs = false

    @Flag(name: [.short, .long], help: "Delete without asking (needed when not on a terminal).")
    var yes = false

    @Flag(name: .long, help: "Print the aws commands that would delete something, and change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print the plan (and whether it ran) as one JSON object.")
    var json = false

    func run() async throws {
        let function = try Project.requireFunctionName(self.function)
        let cli = try await aws.makeCLI()
        let executor = ChangeExecutor(cli: cli, dryRun: dryRun, progress: progressPrinter())
        let remover = FunctionRemover(executor: executor)
        let plan = try await reportingErrors { try await remover.plan(DeleteOptions(functionName: function, role: role, logs: logs)) }
        if plan.isEmpty {
            if json { print(jsonText(Output(plan: plan, deleted: false, plannedCommands: []))) } else {
                print("Nothing to delete for \(function).")
                for note in plan.kept { print("  kept: \(note)") }
            }
            return
        }
        if dryRun {
            try await reportingErrors { try await remover.remove(plan) }
            if json { print(jsonText(Output(plan: plan, deleted: false, plannedCommands: executor.planned))) } else { printDryRun(executor.planned) }
            return
        }
        if !json {
            print("This deletes:")
            for step in plan.steps { print("  - \(step.summary)") }
            for note in plan.kept { print("  kept: \(note)") }
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                printError("error: not on a terminal, so nothing was deleted: pass --yes to delete the above (or --dry-run to see the commands).")
                throw ExitCode(2)
            }
            FileHandle.standardOutput.write(Data("Delete them? [y/N] ".utf8))
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                print("Nothing was deleted.")
                throw ExitCode(1)
            }
        }
        try await reportingErrors { try await remover.remove(plan) }
        if json { print(jsonText(Output(plan: plan, deleted: true, plannedCommands: []))) } else { print("Deleted \(function).") }
    }

    struct Output: Encodable {
        var plan: RemovalPlan
        var deleted: Bool
        var plannedCommands: [String]
    }
}
