import Foundation

/// Debian's arm64 packages that scripts/deps/arm64.sh downloads to .build-fixtures/arm64-debs:
/// Python 3.11, busybox, zlib and expat, real arm64 programs for the tests that run them under QEMU.
public enum DebianArm64 {
    public static var debs: String { Paths.repositoryRoot.appendingPathComponent(".build-fixtures/arm64-debs").path }

    /// Unpacks every package (`dpkg-deb -x`, no install) into `debian` in `dir` and returns it.
    public static func extract(in dir: TemporaryDirectory) throws -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: debs)) ?? []).filter { $0.hasSuffix(".deb") }.sorted()
        guard names.count >= 7 else {
            throw FixtureError(message: "Debian's arm64 packages are missing from \(debs): run bash scripts/deps/arm64.sh")
        }
        let root = dir.path + "/debian"
        for name in names {
            let result = try runProcess("dpkg-deb", ["-x", debs + "/" + name, root])
            guard result.status == 0 else { throw FixtureError(message: "dpkg-deb -x \(name): \(result.transcript)") }
        }
        return root
    }

    /// The folder a Python layer unpacks to (`bin/python3.11`, `lib/python3.11`,
    /// `lib/libpython3.11.so*`, as `build-layer python` lays it out), made of Debian's arm64 Python,
    /// plus the libz and libexpat Debian's interpreter links (AL2023's does not).
    public static func pythonLayerFolder(in dir: TemporaryDirectory) throws -> String {
        let debian = try extract(in: dir)
        let layer = dir.path + "/arm64-python-layer"
        try FileManager.default.createDirectory(atPath: layer + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: layer + "/lib", withIntermediateDirectories: true)
        // The stdlib tree keeps its links; single files are copied through theirs (libz.so.1 is one).
        let copies: [(source: String, destination: String, flag: String)] = [
            ("/usr/bin/python3.11", "/bin/python3.11", "-L"),
            ("/usr/lib/python3.11", "/lib/python3.11", "-RP"),
            ("/usr/lib/aarch64-linux-gnu/libpython3.11.so.1.0", "/lib/libpython3.11.so.1.0", "-L"),
            ("/lib/aarch64-linux-gnu/libz.so.1", "/lib/libz.so.1", "-L"),
            ("/lib/aarch64-linux-gnu/libexpat.so.1", "/lib/libexpat.so.1", "-L"),
        ]
        for copy in copies {
            let result = try runProcess("cp", [copy.flag, debian + copy.source, layer + copy.destination])
            guard result.status == 0 else { throw FixtureError(message: "cp \(copy.source): \(result.transcript)") }
        }
        // Debian links sitecustomize.py to /etc/python3.11, which the function's machine lacks.
        try FileManager.default.removeItem(atPath: layer + "/lib/python3.11/sitecustomize.py")
        return layer
    }
}
