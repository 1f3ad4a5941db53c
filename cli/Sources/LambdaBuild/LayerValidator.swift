import Foundation
import LambdaArchive

/// Checks a Python layer tree before it is zipped, for the failures the seed design's
/// troubleshooting list describes: no interpreter, no `lib-dynload` (`ModuleNotFoundError: No module
/// named 'binascii'`), no `encodings` (`Fatal Python error: init_fs_encoding`), and a libpython that
/// the interpreter cannot load from `/opt/lib`.
public enum LayerValidator {
    public static func python(tree: String, version: String) -> [Finding] {
        var findings: [Finding] = []
        let manager = FileManager.default
        let interpreter = "bin/python\(version)"
        if !manager.isExecutableFile(atPath: tree + "/" + interpreter) {
            findings.append(Finding(id: "python-interpreter-missing", severity: .error,
                message: "the layer has no executable \(interpreter); the bootstrap's /opt/\(interpreter) would fail with exit 127.",
                fix: "Copy /usr/bin/python\(version) from the image into bin/ (cp -P), keeping its exec bit.", entry: interpreter))
        }
        let stdlib = "lib/python\(version)"
        for (folder, id, symptom) in [
            ("lib-dynload", "python-lib-dynload-missing", "ModuleNotFoundError: No module named 'binascii'"),
            ("encodings", "python-encodings-missing", "Fatal Python error: init_fs_encoding: failed to get the Python codec"),
        ] {
            var isFolder: ObjCBool = false
            if !manager.fileExists(atPath: "\(tree)/\(stdlib)/\(folder)", isDirectory: &isFolder) || !isFolder.boolValue {
                findings.append(Finding(id: id, severity: .error,
                    message: "the layer has no \(stdlib)/\(folder); Python fails at start with \(symptom).",
                    fix: "Copy the whole /usr/lib64/python\(version) folder (cp -rP), including \(folder)/.", entry: "\(stdlib)/\(folder)"))
            }
        }
        // libpython: the interpreter's DT_NEEDED entry must resolve inside lib/ (on LD_LIBRARY_PATH as /opt/lib).
        let needed = (try? ELFFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: tree + "/" + interpreter)))))?
            .neededLibraries.filter { $0.hasPrefix("libpython") } ?? []
        for library in needed where !resolves(tree + "/lib/" + library) {
            findings.append(Finding(id: "libpython-missing", severity: .error,
                message: "bin/python\(version) needs \(library), which lib/ does not hold (or it is a broken symlink): error while loading shared libraries.",
                fix: "Copy /usr/lib64/libpython\(version).so* with cp -P so the links and their targets come together.", entry: "lib/" + library))
        }
        return findings
    }

    /// True when `path` exists after following symlinks (a dangling link is false).
    static func resolves(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }
}
