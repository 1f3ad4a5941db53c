import Foundation
import LambdaProcess

/// `serve --watch` for a project that builds a Swift product: `lambdactl package` run again, as
/// the user would run it, before each reload.
///
/// A child `lambdactl package` rather than a call into LambdaBuild: it reads the same
/// `lambdactl.toml`, builds the same way (incrementally: SwiftPM keeps its `.build`), runs every
/// check, and reports a failure in the words `package` uses, so serve serves exactly what
/// `package` would ship. Its output goes to serve's standard error as it comes (the compiler's
/// progress and errors); serve's own reload line stays on standard output.
public struct PackageRebuild: Sendable {
    /// This lambdactl.
    public var executable: String
    /// The zip `package` writes and serve then loads.
    public var zip: String
    /// Where `package` runs (the project's folder, as serve's).
    public var directory: String

    public init(executable: String, zip: String, directory: String) {
        self.executable = executable
        self.zip = zip
        self.directory = directory
    }

    /// Why a rebuild gave no new zip.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// `package` ran and exited with `status`; it printed its error above.
        case packageFailed(status: Int32)
        /// `package` could not be started.
        case cannotStart(String)

        public var description: String {
            switch self {
            case .packageFailed(let status):
                return "lambdactl package exited with status \(status) (its error is above): fix the code and save again, or run lambdactl package to see the build on its own."
            case .cannotStart(let reason):
                return "cannot run lambdactl package: \(reason)"
            }
        }
    }

    /// The command `run` starts, for tests and `-v`.
    public var command: ChildCommand {
        ChildCommand(executable, ["package", "--output", zip], workingDirectory: directory)
    }

    /// Builds and packages; returns when the zip is written, throws when it was not (any older zip
    /// at `zip` is then left as it was, as `package` does).
    public func run() async throws(Failure) {
        let result: ChildResult
        do {
            result = try await ChildProcess.run(command, output: .standardError)
        } catch {
            throw .cannotStart("\(error)")
        }
        guard result.status == 0 else { throw .packageFailed(status: result.status) }
    }

    /// The running lambdactl's own executable (`/proc/self/exe`), so the rebuild uses the same
    /// version as the serve that runs it; the command's first argument when that cannot be read.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
