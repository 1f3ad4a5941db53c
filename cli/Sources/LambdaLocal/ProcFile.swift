import Glibc

/// Reads of `/proc`, which `serve` makes after every invocation (a function's peak memory comes from
/// `/proc/PID/status` and its descendants from `/proc/PID/task/TID/children`).
///
/// Plain `open`/`read`/`readdir` on purpose: Foundation's file readers (`String(contentsOfFile:)`,
/// `Data(contentsOf:)`, `FileManager.contents(atPath:)`, swift-foundation in Swift 6.3.1) never free
/// the 4 KiB buffer they allocate for a file that reads empty, and `children` is empty for every
/// process without children. That cost serve about 4 KiB per invocation, without bound (the soak
/// benchmark, `benchmarks/soak/serve.py`, showed 45 → 399 MiB over 90,000 requests).
enum ProcFile {
    /// The file's bytes, at most `limit` of them; `nil` when it cannot be opened (the process ended).
    static func read(_ path: String, limit: Int = 64 * 1024) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit - bytes.count)) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// The names in a folder, without `.` and `..`; empty when it cannot be opened.
    static func entries(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
