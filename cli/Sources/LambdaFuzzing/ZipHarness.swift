import Foundation
import LambdaArchive

/// A whole zip through what `doctor`, `package` and `serve` run on it: `PackageInspector.inspect`
/// (every pre-flight check, ELF parsing of each binary) and `ZipReader.extract` (what `serve`
/// unpacks). libzip opens paths, so the bytes go to one file per process, rewritten for every input;
/// the extraction folder is removed after each input.
enum ZipHarness {
    static let scratch: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        return "\(base)/lambdactl-fuzz-zip-\(getpid())"
    }()

    static func check(_ bytes: [UInt8]) -> FuzzViolation? {
        let zipPath = scratch + ".zip"
        let folder = scratch + ".d"
        guard FileManager.default.createFile(atPath: zipPath, contents: Data(bytes)) else {
            fatalError("cannot write \(zipPath): set TMPDIR to a writable folder")
        }
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: zipPath)
        }
        _ = try? PackageInspector.inspect(zipAt: zipPath, options: PackageCheckOptions(architecture: nil))
        guard let reader = try? ZipReader(path: zipPath) else { return nil }
        for entry in reader.entries where ZipReader.safeComponents(of: entry.name) == nil {
            // extract must refuse the whole zip before writing anything.
            if (try? reader.extract(to: folder)) != nil {
                return FuzzViolation("extract accepted an entry that escapes the folder", entry.name)
            }
            return nil
        }
        _ = try? reader.extract(to: folder)
        return nil
    }
}
