/// What stopped `lambdactl serve` / `invoke --local` from starting or finishing, with the fix.
public enum LocalError: Error, CustomStringConvertible {
    case noBootstrap(searched: [String])
    case notFound(path: String, what: String)
    case bootstrapNotExecutable(path: String)
    case invalidOption(String)
    case cannotBind(host: String, port: Int, reason: String)
    case spawnFailed(command: String, errno: Int32)
    case unpackFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .noBootstrap(let searched):
            return "Couldn't find valid bootstrap(s): looked for \(searched.joined(separator: " and ")). Put an executable named 'bootstrap' at the root of the package (or of a layer), or pass --binary PATH."
        case .notFound(let path, let what) where what == "layer":
            return "layer '\(path)' does not exist. Build it first (`lambdactl build-layer python` writes .lambdactl/python3.11-ARCH-layer.zip, `lambdactl build-layer dir FOLDER` zips your own), or fix the path (--layer, or [function] layers in lambdactl.toml)."
        case .notFound(let path, let what):
            return "\(what) '\(path)' does not exist; check the path."
        case .bootstrapNotExecutable(let path):
            return "'\(path)' is not executable (Lambda needs mode 0755): run `chmod 755 \(path)`."
        case .invalidOption(let message):
            return message
        case .cannotBind(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason). Pick another port with --port (0 chooses a free one)."
        case .spawnFailed(let command, let code):
            return "cannot start '\(command)': \(String(cString: strerror(code))) (errno \(code))."
        case .unpackFailed(let path, let reason):
            return "cannot unpack '\(path)': \(reason)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
