import Foundation

/// Where the build put its products and where the checkout is, found from the test bundle itself so
/// that tests work with any `--scratch-path`.
public enum Paths {
    /// The folder holding the built executables (`.../debug`).
    public static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// The `lambdactl` binary under test. `swift test` builds it because the test targets depend on
    /// the package; `LAMBDACTL_BIN` overrides it (e.g. to test a release build).
    public static var lambdactl: String {
        ProcessInfo.processInfo.environment["LAMBDACTL_BIN"]
            ?? productsDirectory.appendingPathComponent("lambdactl").path
    }

    /// The repository root: the folder with Package.swift (the runtime package) and templates/. The
    /// first Package.swift above this file may be cli/'s, because cli/Tests/LambdaTestSupport is a
    /// symlink to Tests/LambdaTestSupport and the compiler may see either path. Found once: tests
    /// ask for it hundreds of times and the answer cannot change during a run.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let manager = FileManager.default
            if manager.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
               manager.fileExists(atPath: url.appendingPathComponent("templates").path) {
                return url
            }
        }
        fatalError("Package.swift with templates/ not found above \(#filePath)")
    }()

    /// The lambdactl CLI's package (`cli/` in the repository), where its sources and tests live.
    public static var cliRoot: URL { repositoryRoot.appendingPathComponent("cli") }

    /// A TCP port that was free a moment ago on 127.0.0.1 (the kernel picks it).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
