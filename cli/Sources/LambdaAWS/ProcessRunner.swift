import Foundation

/// Runs a program and collects its output, draining both pipes at once so a chatty child never
/// blocks.
enum ProcessRunner {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    static func run(_ command: [String], environment: [String: String]) throws -> Result {
        var collected = Data()
        let lock = NSLock()
        return try launch(command, environment: environment) { chunk in
            lock.lock(); collected.append(chunk); lock.unlock()
        } finish: { status, stderr in
            Result(status: status, stdout: collected, stderr: stderr)
        }
    }

    /// Reads standard output on the calling thread (so `onChunk` runs there, in order) and standard
    /// error on a background thread.
    private static func launch(_ command: [String], environment: [String: String],
                               onChunk: (Data) -> Void, finish: (Int32, Data) -> Result) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // The child inherits this thread's signal mask, and Swift's concurrency and Dispatch threads
        // block most signals: a child started from one would ignore SIGTERM and outlive lambdactl.
        var empty = sigset_t(), saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        do {
            try process.run()
        } catch {
            throw AWSCLIError.notExecutable(path: command[0])
        }
        ChildProcesses.add(process)
        defer { ChildProcesses.remove(process) }
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let reader = out.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            onChunk(chunk)
        }
        process.waitUntilExit()
        group.wait()
        return finish(process.terminationStatus, errData)
    }
}
