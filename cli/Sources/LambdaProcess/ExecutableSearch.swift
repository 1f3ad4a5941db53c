#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds a program the way a shell does, so that errors can name what was searched before
/// anything is started.
public enum ExecutableSearch {
    /// The search path of `environment` (lambdactl's own when `nil`), or the shell's default.
    public static func searchPath(_ environment: [String: String]? = nil) -> String {
        if let environment { return environment["PATH"] ?? "/usr/bin:/bin" }
        return getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    }

    /// `name` on the search path, or `name` itself when it holds a `/`; `nil` when there is no
    /// executable file there.
    public static func which(_ name: String, environment: [String: String]? = nil) -> String? {
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        for folder in searchPath(environment).split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// Like `which`, but says why not.
    public static func resolve(_ name: String, environment: [String: String]? = nil) throws(ChildProcessError) -> String {
        if let found = which(name, environment: environment) { return found }
        if name.isEmpty { throw .cannotStart(program: "''", reason: "no program was given") }
        if name.contains("/") {
            var info = stat()
            if stat(name, &info) != 0 { throw .cannotStart(program: name, reason: String(cString: strerror(errno))) }
            if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotStart(program: name, reason: "it is a folder") }
            throw .cannotStart(program: name, reason: "it is not executable")
        }
        throw .notFound(program: name, path: searchPath(environment))
    }

    public static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }
}
