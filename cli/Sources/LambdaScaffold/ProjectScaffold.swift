import Foundation
import LambdaArchive
import LambdaProject

/// The files of a new project (`lambdactl init`) and their atomic creation: everything is written
/// into a hidden temporary folder beside the target and renamed into place at the end, so a failure
/// leaves nothing half-written behind.
public struct ProjectScaffold: Sendable {
    public struct File: Equatable, Sendable {
        public var path: String
        public var mode: Int
        public var contents: String
    }

    public var name: String
    public var template: InitTemplate
    public var architecture: Architecture
    public var runtimeSource: InitRuntimeSource
    /// Where the project will be, absolute: a path dependency on the runtime is written relative to it.
    public var projectFolder: String

    public init(name: String, template: InitTemplate, architecture: Architecture, runtimeSource: InitRuntimeSource,
                projectFolder: String) {
        self.name = name
        self.template = template
        self.architecture = architecture
        self.runtimeSource = runtimeSource
        self.projectFolder = projectFolder
    }

    /// The `.package(...)` entry for LambdaRuntime and the identity the product reference uses; the
    /// manifest, the README and `init`'s output all show this one value.
    public var runtimeDependency: (entry: String, identity: String) { runtimeSource.dependency(forProjectIn: projectFolder) }

    /// Lambda function names, the rule lambdactl.toml's `name` is checked by (1-64 of
    /// `[A-Za-z0-9_-]`): the name goes into that file, so init must accept no other. The same string
    /// is safe as a Swift package name and inside TOML and Swift string literals.
    public static func isValidName(_ name: String) -> Bool { ProjectConfig.isFunctionName(name) }

    /// Every file to write, in a stable order.
    public var files: [File] {
        var result: [File] = []
        for file in template.files {
            switch (template, file.path) {
            case (.pythonStream, _):
                // What Lambda executes must be LF and executable, whatever the template's state on disk.
                let isBootstrap = file.path == "bootstrap"
                let contents = isBootstrap ? file.contents.replacingOccurrences(of: "\r", with: "") : file.contents
                result.append(File(path: file.path, mode: isBootstrap ? 0o755 : 0o644, contents: contents))
            case (_, "Package.swift"):
                result.append(File(path: file.path, mode: 0o644, contents: packageManifest))
            case (_, "README.md"):
                // The template's README describes it inside the lambdactl repository; the project gets its own.
                continue
            default:
                result.append(File(path: file.path, mode: file.mode, contents: file.contents))
            }
        }
        result.append(File(path: "README.md", mode: 0o644, contents: readme))
        // Package.resolved stays in git: a deployed function should build from the versions it was
        // tested with, which is SwiftPM's advice for applications.
        result.append(File(path: ".gitignore", mode: 0o644, contents: ".build/\n.lambdactl/\n"))
        result.append(File(path: "lambdactl.toml", mode: 0o644, contents: projectFile))
        return result
    }

    /// Where `lambdactl build-layer python` writes the Python layer for this architecture.
    public var pythonLayer: String { ".lambdactl/python3.11-\(architecture.rawValue)-layer.zip" }

    /// The project file (format: lambdactl.toml as every command reads it).
    var projectFile: String {
        let build = template.isSwift
            ? "product = \"bootstrap\"          # the SwiftPM executable product that becomes the zip's bootstrap"
            : """
            dir = "."                      # this folder (bootstrap, runtime.py, lambda_function.py) is the zip
            exclude = ["lambdactl.toml", ".gitignore", "README.md"]   # the project's own files stay out of /var/task
            """
        // The Python template runs on the layer `build-layer python` writes; serve and deploy take
        // it from here, so no command needs --layer.
        let layers = template.isSwift ? "" : "\nlayers = [\"\(pythonLayer)\"]   # lambdactl build-layer python writes it"
        let sentence = InitTemplate.defaultSentence
        let words = sentence.split(separator: " ").count
        return """
        # lambdactl project file: every lambdactl command run in this folder reads it; command-line
        # flags override it, and `lambdactl config` shows the merged result.
        # Created by `lambdactl init --template \(template.rawValue)`.

        [function]
        name = "\(name)"
        arch = "\(architecture.rawValue)"
        runtime = "provided.al2023"
        memory = 128
        timeout = 30\(layers)

        [build]
        \(build)

        [url]
        auth = "NONE"                  # anyone with the URL may call it; AWS_IAM requires signed requests
        invoke_mode = "RESPONSE_STREAM"

        [verify]
        data = '{"sentence": "\(sentence)"}'
        expect_lines = \(words)

        """
    }

    /// The Swift templates' Package.swift, renamed to NAME, with one dependency: the runtime package
    /// from `runtimeSource`, which depends on nothing else.
    var packageManifest: String {
        let (entry, identity) = runtimeDependency
        let origin: String
        switch runtimeSource {
        case let .path(folder): origin = "the lambdactl checkout at \(folder)"
        case let .git(url, version): origin = "\(url), version \(version) up to the next major version"
        }
        return """
        // swift-tools-version:6.0
        import PackageDescription

        // \(name): a streaming AWS Lambda function, created by `lambdactl init --template \(template.rawValue)`.
        // The executable product is named `bootstrap` because that is the file name Lambda's
        // provided.al2023 runtime executes.
        //
        // LambdaRuntime comes from \(origin).
        // It depends on no other package. To take it from elsewhere, change the dependency below (a
        // path dependency is named after its folder, a git one after its URL's last component).
        let package = Package(
            name: \(Self.swiftLiteral(name)),
            platforms: [.macOS(.v13)],
            products: [
                .executable(name: "bootstrap", targets: ["bootstrap"]),
            ],
            dependencies: [
                \(entry),
            ],
            targets: [
                .executableTarget(
                    name: "bootstrap",
                    dependencies: [.product(name: "LambdaRuntime", package: \(Self.swiftLiteral(identity)))]
                ),
            ]
        )

        """
    }

    static func swiftLiteral(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Creates `directory` with `files`. Refuses a folder that exists and is not empty (or a file in
    /// the way) before writing anything.
    public func create(in directory: String) throws(ProjectScaffoldError) {
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: target.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ProjectScaffoldError.notAFolder(target.path) }
            let entries: [String]
            do {
                entries = try fileManager.contentsOfDirectory(atPath: target.path)
            } catch {
                throw ProjectScaffoldError.cannotWrite(target.path, reason: Self.reason(error))
            }
            guard entries.isEmpty else { throw ProjectScaffoldError.folderNotEmpty(target.path, entries: entries.sorted()) }
        }
        let parent = target.deletingLastPathComponent()
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ProjectScaffoldError.cannotWrite(parent.path, reason: Self.reason(error))
        }
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).lambdactl-init-\(UUID().uuidString.prefix(8))")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
                // Explicitly, so the umask cannot take the execute bit off bootstrap.
                try fileManager.setAttributes([.posixPermissions: file.mode], ofItemAtPath: url.path)
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw ProjectScaffoldError.cannotWrite(parent.path, reason: Self.reason(error))
        }
        // rename(2) replaces an empty folder and fails on a non-empty one, so a folder filled in the
        // meantime is never overwritten.
        if rename(staging.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? fileManager.removeItem(at: staging)
            throw ProjectScaffoldError.cannotWrite(target.path, reason: reason)
        }
    }

    /// Plain words for a Foundation file error (see `ErrorText.reason`).
    static func reason(_ error: any Error) -> String { ErrorText.reason(error) }
}
