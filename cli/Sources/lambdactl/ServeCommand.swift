import ArgumentParser
import Foundation
import LambdaArchive
import LambdaLocal

/// `lambdactl serve`: run a function locally behind a Function URL, the Invoke API and
/// InvokeWithResponseStream, streaming for real. The work is in `LambdaLocal`.
struct ServeCommand: ParsableCommand {
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

        Examples:
          # the project's zip (.lambdactl/NAME.zip)
          lambdactl serve
          # then: curl -N http://127.0.0.1:9000/
          lambdactl serve function.zip --port 9000
          # a folder, with a layer
          lambdactl serve --dir templates/python-stream --layer python-layer.zip
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

    @Flag(name: .long, help: "Stream at Lambda's rate: the first 6 MB at full speed, then 2 MB/s (shows the throughput a deployed function gets).")
    var throttle = false

    func validate() throws {
        let sources = [zip != nil, dir != nil, binary != nil].filter { $0 }.count
        if sources > 1 { throw ValidationError("give exactly one of ZIP, --dir PATH or --binary PATH.") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0-65535.") }
        if layer.count > 5 { throw ValidationError("Lambda allows at most 5 layers; got \(layer.count).") }
        for pair in env where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("--env takes KEY=VALUE, got '\(pair)'.")
        }
    }

    func run() throws {
        // Flags first, then lambdactl.toml's [function] (name, timeout, memory, env, layer zips).
        let project = try Project.config()
        let name = try Project.functionName(self.name) ?? "function"
        let timeout = self.timeout ?? project.integer("function.timeout").map(Double.init) ?? 3
        let memory = self.memory ?? project.integer("function.memory") ?? 128
        let env = try Project.environment(self.env)
        // Layer ARNs name published versions, which serve cannot fetch: only zips and folders apply.
        let layer = try Project.layers(self.layer).filter { !$0.hasPrefix("arn:") }
        var zip = self.zip
        if zip == nil && dir == nil && binary == nil {
            let packaged = ".lambdactl/\(name).zip"
            guard project.string("function.name") != nil, FileManager.default.fileExists(atPath: packaged) else {
                FileHandle.standardError.write(Data("error: give exactly one of ZIP, --dir PATH or --binary PATH (or run lambdactl package in a project with a lambdactl.toml).\n".utf8))
                throw ExitCode(2)
            }
            zip = packaged
        }
        let source: FunctionPackage.Source = zip.map { .zip($0) } ?? dir.map { .directory($0) } ?? .binary(binary!)
        let package: FunctionPackage
        do { package = try FunctionPackage(source: source, layers: layer) } catch { throw fail(error) }
        defer { package.cleanUp() }

        var config = FunctionConfiguration(taskRoot: package.taskRoot, optRoot: package.optRoot)
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
        do {
            config.emulation = try Emulation.plan(program: try config.programArchitecture(), requested: try Project.architecture(arch),
                                                  registry: .system(), isolation: config.isolation)
        } catch { throw fail(error) }
        if config.isolation == .none {
            warn("no private mount namespace (needs root or bwrap): the function runs from \(package.taskRoot); absolute /var/task and /opt paths will not resolve.")
        }
        if host != "127.0.0.1" && host != "localhost" && host != "::1" {
            warn("listening on \(host): anyone who can reach this address can invoke the function.")
        }

        let emulator: LocalEmulator
        let boundPort: Int
        do {
            emulator = try LocalEmulator(configuration: config)
            boundPort = try emulator.start()
        } catch { throw fail(error) }

        // Stop on Ctrl-C / SIGTERM: kill every function process before exiting.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort)"
        let banner = """
            lambdactl serve: \(name) (\(config.invokeMode.rawValue)\(throttle ? ", throttled" : ""), timeout \(timeout) s, \(memory) MB, concurrency \(concurrency), isolation \(config.isolation.rawValue))
              Function URL:  \(base)/
              Invoke:        aws lambda invoke --endpoint-url \(base) --function-name \(name) out.json
              Streaming:     lambdactl invoke --local --port \(boundPort) --data '{}'
            \(config.emulation.map { "  Emulated:      \($0.summary); durations are not Lambda's\n" } ?? "")listening on \(base)

            """
        // One unbuffered write: tests and scripts wait for the "listening on" line.
        FileHandle.standardOutput.write(Data(banner.utf8))
        stop.wait()
        sources.forEach { $0.cancel() }
        emulator.shutdown()
        FileHandle.standardOutput.write(Data("lambdactl serve: stopped\n".utf8))
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    private func fail(_ error: Error) -> Error {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return ExitCode(2)
    }
}
