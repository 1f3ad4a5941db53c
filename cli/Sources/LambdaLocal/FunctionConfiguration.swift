import LambdaArchive

/// Everything `serve` needs to run one function: its files, its settings as on AWS, and where to listen.
public struct FunctionConfiguration: Sendable {
    /// The function name (`AWS_LAMBDA_FUNCTION_NAME`; the Invoke API also accepts its ARN).
    public var name: String = "function"
    /// The folder that becomes `/var/task`.
    public var taskRoot: String
    /// The folder that becomes `/opt` (merged layers; may be empty).
    public var optRoot: String
    /// `_HANDLER`, for runtimes that read it.
    public var handler: String = "lambda_function.lambda_handler"
    public var invokeMode: InvokeMode = .responseStream
    /// Seconds an invocation may run before the process is killed (`Task timed out`).
    public var timeout: Double = 3
    /// Seconds the runtime may take to reach its first `/next` (Lambda's init limit is 10 s).
    public var initTimeout: Double = 10
    public var memorySize: Int = 128
    /// Extra environment (`--env K=V`), applied over Lambda's own variables.
    public var environment: [String: String] = [:]
    /// How many execution environments may run at once; further requests wait in a queue.
    public var concurrency: Int = 1
    public var host: String = "127.0.0.1"
    /// The front port (Function URL, Invoke and InvokeWithResponseStream); 0 picks a free one.
    public var port: Int = 9000
    public var isolation: Isolation = .detect()
    /// Lambda's stream rate (full speed for 6 MB, then 2 MB/s), so users see their real throughput.
    public var throttle = false
    /// Set when the function is built for another architecture than this machine's (QEMU).
    public var emulation: Emulation?
    public var region: String = "us-east-1"
    public var accountID: String = "123456789012"

    public init(taskRoot: String, optRoot: String) {
        self.taskRoot = taskRoot
        self.optRoot = optRoot
    }

    public var functionARN: String { "arn:aws:lambda:\(region):\(accountID):function:\(name)" }

    /// `bootstrap` in the code wins over `/opt/bootstrap` from a layer, as on Lambda.
    /// Returns (host path, path the process sees).
    public func bootstrapLocation() throws -> (host: String, inside: String) {
        let candidates = [(taskRoot + "/bootstrap", "/var/task/bootstrap"), (optRoot + "/bootstrap", "/opt/bootstrap")]
        for (host, inside) in candidates where access(host, F_OK) == 0 {
            guard access(host, X_OK) == 0 else { throw LocalError.bootstrapNotExecutable(path: host) }
            return (host, isolation == .none ? host : inside)
        }
        // serve's /opt is a temp folder it merged the layers into: name it as the function sees it.
        throw LocalError.noBootstrap(searched: [candidates[0].0, "/opt/bootstrap (from the layers)"])
    }

    /// What the function's files say about its architecture (nil when it runs only this
    /// machine's programs, such as a `#!/bin/sh` script that execs nothing from the package).
    public func programArchitecture() throws -> ProgramArchitecture? {
        ProgramArchitecture.detect(bootstrap: try bootstrapLocation().host, taskRoot: taskRoot, optRoot: optRoot)
    }

    /// The environment Lambda gives a provided.al2023 bootstrap; `runtimeAPI` is `host:port`.
    func processEnvironment(runtimeAPI: String, instance: Int) -> [String: String] {
        let isolated = isolation != .none
        let task = isolated ? "/var/task" : taskRoot
        let opt = isolated ? "/opt" : optRoot
        var env: [String: String] = [
            "AWS_LAMBDA_RUNTIME_API": runtimeAPI,
            "_HANDLER": handler,
            "LAMBDA_TASK_ROOT": task,
            "LAMBDA_RUNTIME_DIR": "/var/runtime",
            "AWS_LAMBDA_FUNCTION_NAME": name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(memorySize),
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(name)",
            "AWS_LAMBDA_LOG_STREAM_NAME": "local/[$LATEST]instance\(instance)",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_EXECUTION_ENV": "AWS_Lambda_provided.al2023",
            "TZ": ":UTC",
            "LANG": "en_US.UTF-8",
            "PATH": "/usr/local/bin:/usr/bin/:/bin:\(opt)/bin",
            "LD_LIBRARY_PATH": "/lib64:/usr/lib64:\(task):\(task)/lib:\(opt)/lib",
        ]
        // Credentials: the caller's own if set (so SDK calls in the function work), else dummies so
        // SDKs do not go looking for an instance-metadata service.
        let host = hostEnvironment()
        env["AWS_ACCESS_KEY_ID"] = host["AWS_ACCESS_KEY_ID"] ?? "local"
        env["AWS_SECRET_ACCESS_KEY"] = host["AWS_SECRET_ACCESS_KEY"] ?? "local"
        if let token = host["AWS_SESSION_TOKEN"] { env["AWS_SESSION_TOKEN"] = token }
        // QEMU finds the guest's dynamic loader and C library under this prefix (the function's
        // own --env QEMU_LD_PREFIX wins); Lambda's functions never see this variable.
        if let sysroot = emulation?.sysroot { env["QEMU_LD_PREFIX"] = sysroot }
        for (key, value) in environment { env[key] = value }
        return env
    }
}

func hostEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let equals = text.firstIndex(of: "=") {
            result[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        pointer += 1
    }
    return result
}

#if canImport(Glibc)
import Glibc
#endif
