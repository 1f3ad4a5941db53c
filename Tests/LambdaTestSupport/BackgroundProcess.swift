import Foundation

/// A child process that keeps running while a test talks to it (a server), with its standard
/// output readable line by line so a test can wait for "ready" instead of sleeping.
public final class BackgroundProcess: @unchecked Sendable {
    public let process = Process()
    private let output = Pipe()
    private var buffer = Data()

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : "/usr/bin/env")
        process.arguments = executable.contains("/") ? arguments : [executable] + arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Reads standard output until a line contains `marker` and returns that line; throws if the
    /// process exits first. Blocking reads are the event: no polling, no sleeps.
    public func waitForLine(containing marker: String) throws -> String {
        let handle = output.fileHandleForReading
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[buffer.index(after: newline)...])
                if line.contains(marker) { return line }
                continue
            }
            let chunk = handle.availableData
            if chunk.isEmpty { throw FixtureError(message: "process exited before printing '\(marker)'") }
            buffer.append(chunk)
        }
    }

    /// Ends the process (SIGTERM, then waits).
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
