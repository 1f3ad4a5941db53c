import ArgumentParser
import Foundation
import LambdaProject

/// `lambdactl config`: what the project file says, merged with lambdactl's defaults, and where each
/// value comes from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the settings from lambdactl.toml merged with the defaults, and where each came from.",
        discussion: """
        Reads $LAMBDACTL_CONFIG, else ./lambdactl.toml. Every command reads the same file; a flag \
        given on a command line overrides its value there. An unknown key or a value of the wrong \
        type is an error naming its line (exit status 2).

        Examples:
          # the settings every command reads, and from where
          lambdactl config
          # another project file, as JSON
          LAMBDACTL_CONFIG=prod.toml lambdactl config --json
        """
    )

    @Flag(name: .long, help: "Print the settings as one JSON object.")
    var json = false

    /// What lambdactl uses when neither a flag nor the file says.
    static let defaults: [String: String] = [
        "function.arch": "x86_64 (or the bootstrap binary's, for deploy)",
        "function.runtime": "an existing function's own, provided.al2023 for a new one",
        "function.tracing": "untouched (PassThrough for a new function)",
        "function.ephemeral_storage": "untouched (512 for a new function)",
        "function.log_retention_days": "untouched (logs never expire)",
        "function.memory": "128 (Lambda's default, for a new function)",
        "function.timeout": "3 (Lambda's default, for a new function)",
        "build.package_path": ".",
        "aws.region": "the aws CLI's (profile or AWS_REGION)",
        "aws.profile": "the aws CLI's (AWS_PROFILE or default)",
        "url.auth": "AWS_IAM for a new URL",
        "url.invoke_mode": "RESPONSE_STREAM",
        "verify.min_chunks": "2",
    ]

    struct Setting: Encodable {
        var key: String
        var value: String?
        var source: String
    }

    func run() throws {
        let project = try Project.config()
        var settings: [Setting] = []
        for table in ProjectConfig.schema.keys.sorted() {
            for key in ProjectConfig.schema[table]!.keys.sorted() {
                let name = "\(table).\(key)"
                if let value = project.values[name] {
                    settings.append(Setting(key: name, value: value.description, source: project.source(of: name) ?? Project.path))
                } else if let fallback = Self.defaults[name] {
                    settings.append(Setting(key: name, value: fallback, source: "default"))
                } else {
                    settings.append(Setting(key: name, value: nil, source: "unset"))
                }
            }
        }
        if json {
            struct Output: Encodable { var file: String; var exists: Bool; var settings: [Setting] }
            print(jsonText(Output(file: Project.path, exists: FileManager.default.fileExists(atPath: Project.path), settings: settings)))
            return
        }
        print(FileManager.default.fileExists(atPath: Project.path) ? "# \(Project.path)" : "# no \(Project.path): defaults only")
        let width = settings.map(\.key.count).max() ?? 0
        for setting in settings {
            let padded = setting.key.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(padded)  \(setting.value ?? "-")  (\(setting.source))")
        }
    }
}
