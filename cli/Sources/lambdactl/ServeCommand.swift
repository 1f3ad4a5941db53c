import ArgumentParser
import Foundation
import LambdaArchive
import LambdaLocal
import LambdaProcess

/// `lambdactl serve`: run a function locally behind a Function URL, the Invoke API and
/// InvokeWithResponseStream, streaming for real. The work is in `LambdaLocal`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a function locally and stream its responses as Lambda would, without docker.",
        discussion: """
        The package is unpacked (no path may escape its folder), layers are merged into one /opt, and \
        `bootstrap` runs with Lambda's environment against a Runtime API on 127.0.0.1. As root (or with \
        bwrap) the function sees its code at /var/task and its layers at /opt through a private mount \
        namespace; otherwise it runs from the unpacked folders and absolute /opt paths do not resolve.

        One port serves three fronts:
          Function URL        any method and path, e.g. curl -N http://127.0.0.1:9000/
          Invoke              POST /2015-03-31/functions/NAME/invocations (aws lambda invoke --endpoint-url)
          Response streaming  POST /2021-11-15/functions/NAME/response-streaming-invocations (lambdactl invoke --local)

        Timeouts kill the process (`Task timed out after N seconds`), crashes are reported as \
        Runtime.ExitError; either way the next request starts a fresh environment (a cold start). \
        Requests wait in a queue while --concurrency environments are busy. A Function URL stream \
        that fails after its headers were sent is cut (the client sees an incomplete transfer). \
        --memory is reported in REPORT lines but not enforced. Stop with Ctrl-C: every process ends.

        Containment: a function process gets only fds 0-2 (none of serve's sockets). As root (or with \
        bwrap) it is the init of its own PID namespace, so everything it starts, even with setsid, ends \
        with its environment and with serve, and serve's port is free once it exits. Without root or \
        bwrap, only the function's process group is killed.

        Streams have backpressure: serve reads the function's stream only as fast as the client takes \
        it, so a slow client blocks the function's writes, as on Lambda. --throttle also applies \
        Lambda's rate (the first 6 MB at full speed, then 2 MB/s) to show the throughput a deployed \
        function gets. Past 200 MB (6 MB through Invoke or a BUFFERED URL) the invocation fails with \
        Function.ResponseSizeTooLarge; a stream is cut after every byte up to the cap was sent.

        With --watch, serve follows the function's folder (--dir, else [build] dir of \
        lambdactl.toml) and serves a copy of it. After 200 ms without another edit it copies the \
        folder again, runs the start-up checks on the copy and swaps it in: invocations already \
        running finish on the old code, idle environments end, and the next invocation cold-starts \
        the new one. Each reload prints one line with its time; a failed check prints its error and \
        the old code keeps serving. .git, .build*, .lambdactl and editor temp files (*.swp, *~, .#*) \
        are neither watched nor copied. Folders are watched with inotify, else polled every 500 ms \
        (LAMBDACTL_WATCH_POLL=1 forces polling). Layers are read again at each reload but not \
        watched.

        In a project whose lambdactl.toml builds a Swift product ([build] product), --watch runs \
        lambdactl package first and serves the zip it writes; after each edit of the Swift package \
        ([build] package_path, default the project folder) it runs lambdactl package again (an \
        incremental build, with every check) and swaps in the new zip the same way. The build's \
        output goes to standard error; a failed build or check keeps the old code serving.

        Examples:
          # the project's zip (.lambdactl/NAME.zip)
          lambdactl serve
          # then: curl -N http://127.0.0.1:9000/
          lambdactl serve function.zip --port 9000
          # a folder, with a layer
          lambdactl serve --dir templates/python-stream --layer python-layer.zip
          # reload on every edit of the folder
          lambdactl serve --dir templates/python-stream --watch
          # in a Swift project: rebuild and reload on each edit
          lambdactl serve --watch
          # as a BUFFERED Function URL
          lambdactl serve --binary .build/debug/words --invoke-mode BUFFERED
          # 4 environments at Lambda's stream rate
          lambdactl serve function.zip --concurrency 4 --throttle
        """
    )

    @Argument(help: ArgumentHelp("A deployment zip with bootstrap at its root (default: .lambdactl/<name>.zip of lambdactl.toml's function).", valueName: "zip"), completion: .file(extensions: ["zip"]))
    var zip: String?

    @Option(name: .long, help: ArgumentHelp("Serve a folder as the code (/var/task) instead of a zip; edits show on the next cold start.", valueName: "path"), completion: .directory)
    var dir: String?

    @Option(name: .long, help: ArgumentHelp("Serve one executable as bootstrap.", valueName: "path"), completion: .file())
    var binary: String?

    @Option(name: .long, help: ArgumentHelp("A layer zip (or an unpacked layer folder), merged into /opt in the order given (repeatable, at most 5).", valueName: "zip"), completion: .file(extensions: ["zip"]))
    var layer: [String] = []

    @Option(name: .long, help: ArgumentHelp("Port of the fronts on --host; 0 picks a free one (printed at start).", valueName: "n"))
    var port: Int = 9000

    @Option(name: .long, help: ArgumentHelp("Address to listen on. Anything but 127.0.0.1 exposes the function to your network.", valueName: "address"))
    var host: String = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Function URL mode: RESPONSE_STREAM (chunks forwarded as they arrive) or BUFFERED (payload 2.0 rules).", valueName: "mode"))
    var invokeMode: InvokeMode = .responseStream

    @Option(name: .long, help: ArgumentHelp("Seconds an invocation may run before its process is killed, as the function's Timeout.", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .long, help: ArgumentHelp("Memory size in MB (128-10240), reported in REPORT lines and AWS_LAMBDA_FUNCTION_MEMORY_SIZE.", valueName: "mb"))
    var memory: Int?

    @Option(name: .long, help: ArgumentHelp("An environment variable for the function (repeatable).", valueName: "KEY=VALUE"))
    var env: [String] = []

    @Option(name: .long, help: ArgumentHelp("How many execution environments may run at once; more requests queue.", valueName: "n"))
    var concurrency: Int = 1

    @Option(name: .long, help: ArgumentHelp("Function name: AWS_LAMBDA_FUNCTION_NAME and the NAME the Invoke paths accept.", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("_HANDLER given to the runtime.", valueName: "handler"))
    var handler: String = "lambda_function.lambda_handler"

    @Option(name: .long, help: ArgumentHelp("auto (namespace when possible), namespace, bwrap or none (run from the unpacked folders).", valueName: "mode"))
    var isolation: IsolationArgument = .auto

    @Option(name: .long, help: "The function's architecture (default: lambdactl.toml, else what its bootstrap is built for). Another than this machine's runs through QEMU (binfmt_misc).")
    var arch: Architecture?

    @Flag(name: .long, help: "Reload when the function's folder (--dir, else [build] dir) changes, or rebuild and reload the project's Swift product ([build] product) when its package changes: running invocations finish on the old code, the next one cold-starts the new; a failed build or check keeps the old code serving.")
    var watch = false

    @Flag(name: .long, help: "Stream at Lambda's rate: the first 6 MB at full speed, then 2 MB/s (shows the throughput a deployed function gets).")
    var throttle = false

    func validate() throws {
        let sources = [zip != nil, dir != nil, binary != nil].filter { $0 }.count
        if sources > 1 { throw ValidationError("give exactly one of ZIP, --dir PATH or --binary PATH.") }
        if watch, let zip {
            throw ValidationError("--watch follows a folder, not a zip: serve the folder '\(zip)' is made from with --dir PATH --watch (or set [build] dir in lambdactl.toml and run serve --watch).")
        }
        if watch, binary != nil {
            throw ValidationError("--watch follows a folder, not one executable: put it in a folder as 'bootstrap' and serve that with --dir PATH --watch.")
        }
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0-65535.") }
        if layer.count > 5 { throw ValidationError("Lambda allows at most 5 layers; got \(layer.count).") }
        for pair in env where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("--env takes KEY=VALUE, got '\(pair)'.")
        }
    }

    func run() async throws {
        // Flags first, then lambdactl.toml's [function] (name, timeout, memory, env, layer zips).
        let project = try Project.config()
        let name = try Project.functionName(self.name) ?? "function"
        let timeout = self.timeout ?? project.integer("function.timeout").map(Double.init) ?? 3
        let memory = self.memory ?? project.integer("function.memory") ?? 128
        let env = try Project.environment(self.env)
        // Layer ARNs name published versions, which serve cannot fetch: only zips and folders apply.
        let layer = try Project.layers(self.layer).filter { !$0.hasPrefix("arn:") }
        var zip = self.zip, dir = self.dir
        // --watch in a project that builds a Swift product: package it now and after every edit of
        // its Swift package, and serve the zip package writes.
        var rebuild: PackageRebuild?
        var watchedRoots: [String] = []
        if watch && dir == nil {
            if let product = project.string("build.product") {
                let packaged = ".lambdactl/\(try Project.functionName(nil) ?? product).zip"
                let step = PackageRebuild(executable: PackageRebuild.currentExecutable, zip: packaged,
                                          directory: FileManager.default.currentDirectoryPath)
                Self.standardError.write("lambdactl serve: building '\(product)' (lambdactl package)")
                do { try await step.run() } catch {
                    Self.standardError.write("error: \(ErrorText.describe(error))")
                    if case .packageFailed(let status) = error { throw ExitCode(status) }
                    throw ExitCode(2)
                }
                rebuild = step
                zip = packaged
                watchedRoots = [project.string("build.package_path") ?? "."]
            } else {
                guard let folder = project.string("build.dir") else {
                    Self.standardError.write("error: --watch follows a folder function (--dir PATH, or [build] dir in \(Project.path)) or the Swift product of [build] product; this project has neither.")
                    throw ExitCode(64)
                }
                dir = folder
            }
        }
        if watch, let dir { watchedRoots = [dir] }
        if zip == nil && dir == nil && binary == nil {
            let packaged = ".lambdactl/\(name).zip"
            guard project.string("function.name") != nil, FileManager.default.fileExists(atPath: packaged) else {
                Self.standardError.write("error: give exactly one of ZIP, --dir PATH or --binary PATH (or run lambdactl package in a project with a lambdactl.toml).")
                throw ExitCode(2)
            }
            zip = packaged
        }
        let source: FunctionPackage.Source = zip.map { .zip($0) } ?? dir.map { watch ? .snapshot($0) : .directory($0) } ?? .binary(binary!)

        var config = FunctionConfiguration(taskRoot: "", optRoot: "")
        config.name = name
        config.handler = handler
        config.invokeMode = invokeMode
        config.timeout = timeout
        config.memorySize = memory
        config.concurrency = concurrency
        config.host = host
        config.port = port
        if let forced = isolation.isolation { config.isolation = forced }
        config.throttle = throttle
        for pair in env {
            let index = pair.firstIndex(of: "=")!
            config.environment[String(pair[..<index])] = String(pair[pair.index(after: index)...])
        }
        let loader = FunctionLoader(layers: layer, base: config, requested: try Project.architecture(arch))
        let package: FunctionPackage
        do { (package, config) = try loader.load(source) } catch { throw fail(error) }
        defer { package.cleanUp() }
        if config.isolation == .none {
            warn("no private mount namespace (needs root or bwrap): the function runs from \(package.taskRoot); absolute /var/task and /opt paths will not resolve.")
        }
        if host != "127.0.0.1" && host != "localhost" && host != "::1" {
            warn("listening on \(host): anyone who can reach this address can invoke the function.")
        }

        let emulator: LocalEmulator
        let boundPort: Int
        do {
            // With --watch the first copy is the pool's to remove once a reload replaced it.
            let work = package.workDirectory
            var release: (@Sendable () -> Void)?
            if watch { release = { @Sendable in _ = try? FileManager.default.removeItem(atPath: work) } }
            emulator = try LocalEmulator(configuration: config, releaseCode: release)
            boundPort = try emulator.start()
        } catch { throw fail(error) }
        var watcher: SourceWatcher?
        if watch {
            do { watcher = try SourceWatcher(roots: watchedRoots, ignoringFilesOpenOn: [STDOUT_FILENO, STDERR_FILENO]) } catch {
                emulator.shutdown()
                throw fail(error)
            }
            let folder = dir, rebuild = rebuild
            let report: @Sendable (FunctionLoader.ReloadOutcome) -> Void = { outcome in
                if case .failed(let error, _) = outcome {
                    Self.standardError.write(Self.errorLine(error))
                }
                Self.standardOutput.write(outcome.summary)
            }
            watcher?.start { change in
                guard let rebuild else {
                    if let folder { report(loader.reload(.snapshot(folder), change: change, into: emulator)) }
                    return
                }
                // The build is async; this is the watcher's own thread, which waits for it so that
                // reloads stay one at a time and edits made meanwhile make the next burst.
                let started = Date()
                let finished = DispatchSemaphore(value: 0)
                Task {
                    do {
                        try await rebuild.run()
                        report(loader.reload(.zip(rebuild.zip), change: change, into: emulator, started: started))
                    } catch {
                        report(.failed(error: error, changed: FunctionLoader.describe(change)))
                    }
                    finished.signal()
                }
                finished.wait()
            }
        }

        // Stop on Ctrl-C / SIGTERM: kill every function process before exiting. The handler is in
        // place before the banner, so a signal sent as soon as "listening on" appears is kept.
        signal(SIGPIPE, SIG_IGN)
        ChildProcesses.forwardTerminationSignals(.shutdown)
        let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort)"
        let banner = """
            lambdactl serve: \(name) (\(config.invokeMode.rawValue)\(throttle ? ", throttled" : ""), timeout \(timeout) s, \(memory) MB, concurrency \(concurrency), isolation \(config.isolation.rawValue))
              Function URL:  \(url)/
              Invoke:        aws lambda invoke --endpoint-url \(url) --function-name \(name) out.json
              Streaming:     lambdactl invoke --local --port \(boundPort) --data '{}'
            \(config.emulation.map { "  Emulated:      \($0.summary); durations are not Lambda's\n" } ?? "")\(watcher.map { "  Watching:      \($0.roots.joined(separator: ", ")) (\($0.method.rawValue)); edits reload the function\n" } ?? "")listening on \(url)
            """
        // One unbuffered write: tests and scripts wait for the "listening on" line.
        Self.standardOutput.write(banner)
        _ = await ChildProcesses.signalled()
        // The watcher first: a reload in progress ends before the environments do.
        watcher?.stop()
        emulator.shutdown()
        Self.standardOutput.write("lambdactl serve: stopped")
    }

    private func warn(_ message: String) {
        Self.standardError.write("warning: \(message)")
    }

    /// Prints `error` and gives serve's exit status for it.
    private func fail(_ error: Error) -> Error {
        Self.standardError.write(Self.errorLine(error))
        return ExitCode(2)
    }

    /// `error: ...`. A check's finding is a line of its own already, `error[id]: ...` as doctor
    /// prints it, so it gets no second `error: `.
    static func errorLine(_ error: Error) -> String {
        let text = ErrorText.describe(error)
        return (text.hasPrefix("error[") ? "" : "error: ") + text
    }

    /// serve's own lines, written like the function's (one `write(2)` a line). serve ignores SIGPIPE
    /// so that a reader going away cannot kill it before it stops its functions, and Foundation's
    /// `FileHandle.write` traps on the EPIPE that then comes back: `lambdactl serve | head -1`
    /// crashed at its next line and left its work folder behind. A closed pipe just drops the line.
    static let standardOutput = LogWriter(fd: STDOUT_FILENO)
    static let standardError = LogWriter(fd: STDERR_FILENO)
}
