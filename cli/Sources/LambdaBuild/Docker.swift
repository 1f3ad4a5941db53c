import Foundation
import LambdaArchive

/// The user's docker CLI, checked before anything is built: installed, daemon reachable, and able
/// to run the target architecture. Each check fails with the fix, before any file is written.
public struct Docker: Sendable {
    public var runner: CommandRunner
    public var executable: String
    /// This machine's binfmt_misc table, which lets a local daemon run another architecture.
    public var binfmt: BinfmtRegistry

    /// Finds `docker` on PATH (or `LAMBDACTL_DOCKER`).
    public init(runner: CommandRunner, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let path = CommandRunner.which(environment["LAMBDACTL_DOCKER"] ?? "docker", environment: environment) else {
            throw BuildError.dockerMissing
        }
        self.runner = runner
        self.executable = path
        self.binfmt = .system(environment: environment)
    }

    /// Fails unless the daemon answers and can run `architecture` containers (natively, or through
    /// a binfmt_misc entry on another host architecture). The entry needs the `F` flag: without it
    /// the kernel looks for QEMU by path inside the container, which does not have it.
    public func ensureReady(for architecture: Architecture) async throws {
        let info = try await runner.run([executable, "info", "--format", "{{.Architecture}}"], capture: true)
        guard info.status == 0 else { throw BuildError.dockerNotRunning(detail: info.output) }
        let daemonArch = Architecture(name: info.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .host
        if daemonArch != architecture {
            guard binfmt.isAvailable, let handler = binfmt.handler(for: architecture), handler.enabled, handler.fixesBinary else {
                throw BuildError.platformUnsupported(architecture, host: daemonArch)
            }
        }
    }

    /// `docker run --rm --platform ...` with the given mounts, user, entrypoint and command.
    public func runCommand(image: String, platform: Architecture, volumes: [String], workdir: String? = nil,
                           user: String? = nil, entrypoint: String? = nil, environment: [String: String] = [:],
                           command: [String]) -> [String] {
        var arguments = [executable, "run", "--rm", "--platform", platform.dockerPlatform]
        if let entrypoint { arguments += ["--entrypoint", entrypoint] }
        for volume in volumes { arguments += ["-v", volume] }
        if let workdir { arguments += ["-w", workdir] }
        if let user { arguments += ["--user", user] }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        return arguments + [image] + command
    }

    /// `uid:gid` of this process, so files a container creates in a mounted folder belong to the user.
    public static var currentUser: String { "\(getuid()):\(getgid())" }
}
