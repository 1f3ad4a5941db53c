import Foundation

/// The Python layer the python-stream template runs with, made of links to this machine's Python
/// 3.11 (as scripts/demo builds it) so that no Amazon Linux image is needed: `bin/python3.11` and
/// `lib/` point at the host's interpreter, and the template's bootstrap runs `/opt/bin/python3.11`.
public enum PythonLayer {
    /// Writes the layer folder `host-python-layer` in `directory` and returns its path.
    public static func hostLinks(in directory: TemporaryDirectory) throws -> String {
        let probe = try runProcess("python3.11", ["-c", "import os, sys; print(os.path.realpath(sys.executable)); print(sys.base_prefix)"])
        let fields = probe.stdout.split(separator: "\n").map(String.init)
        guard probe.status == 0, fields.count == 2 else {
            throw FixtureError(message: "Python 3.11 is needed (scripts/deps/init.sh): \(probe.transcript)")
        }
        let (executable, prefix) = (fields[0], fields[1])
        let layer = directory.path + "/host-python-layer"
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: layer + "/bin", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: layer + "/lib", withIntermediateDirectories: true)
        try fileManager.createSymbolicLink(atPath: layer + "/bin/python3.11", withDestinationPath: executable)
        try fileManager.createSymbolicLink(atPath: layer + "/lib/python3.11", withDestinationPath: prefix + "/lib/python3.11")
        for library in (try? fileManager.contentsOfDirectory(atPath: prefix + "/lib")) ?? [] where library.hasPrefix("libpython3.11.so") {
            try fileManager.createSymbolicLink(atPath: layer + "/lib/" + library, withDestinationPath: prefix + "/lib/" + library)
        }
        return layer
    }
}
