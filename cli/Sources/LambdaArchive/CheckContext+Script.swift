import Foundation

/// The checks on a script `bootstrap`: its shebang, its line endings, and the programs it runs with
/// `exec`, against what the runtime image, the package and its layers provide.
extension CheckContext {
    static let maxScriptBytes = 1 << 20

    mutating func checkBootstrapScript(_ entry: ZipEntryInfo) {
        // A script is read up to its first MiB only: the shebang and the exec lines a check looks
        // at come early, and a huge non-ELF bootstrap must not be held in memory.
        guard let bytes = try? zip.contents(of: entry, limit: CheckContext.maxScriptBytes) else { return }
        // Split on LF bytes: Swift treats "\r\n" as one Character, which would hide the CR.
        let rawLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let lines = rawLines.map { String(decoding: $0, as: UTF8.self) }
        let first = lines.first ?? ""
        guard first.hasPrefix("#!") else {
            add("shebang-missing", .error, "bootstrap is neither an ELF binary nor a script starting with '#!'; Lambda fails with 'exec format error'.",
                fix: "Start the script with a shebang line such as #!/bin/sh.", entry: entry.name)
            bootstrapSummary = .init(kind: "script", architecture: nil, interpreter: nil, maxGlibc: nil, neededLibraries: nil, shebang: nil)
            return
        }
        if let crlf = BootstrapLineEndings.finding(script: bytes, entry: entry.name) { findings.append(crlf) }
        let shebang = first.dropFirst(2).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\r")))
        let words = shebang.split(separator: " ").map(String.init)
        bootstrapSummary = .init(kind: "script", architecture: nil, interpreter: words.first, maxGlibc: nil, neededLibraries: nil, shebang: shebang)
        if let interpreter = words.first {
            if interpreter == "/usr/bin/env", let command = words.dropFirst().first(where: { !$0.hasPrefix("-") }) {
                if !options.runtime.hasProgram(atPath: "/usr/bin/" + command) {
                    requireFromLayer("/opt/bin/" + command, what: "as its interpreter (#!/usr/bin/env \(command))", entry: entry.name, command: true)
                }
            } else {
                requireCommand(interpreter, what: "as its interpreter", entry: entry.name)
            }
        }
        // Programs the script hands over to with `exec`: they must exist and be executable where it says.
        for line in lines {
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
            guard let index = words.firstIndex(of: "exec"), index + 1 < words.count else { continue }
            let target = words[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'\r"))
            if ["/", "./", "$LAMBDA_TASK_ROOT/", "${LAMBDA_TASK_ROOT}/"].contains(where: { PathText.hasPrefix(target, $0) }) {
                requireCommand(target, what: "with exec", entry: entry.name)
            }
        }
    }

    /// Checks that `path` (as the script names it) will exist and be executable on Lambda.
    mutating func requireCommand(_ path: String, what: String, entry: String) {
        var packagePath: String?
        for prefix in ["./", "$LAMBDA_TASK_ROOT/", "${LAMBDA_TASK_ROOT}/", "/var/task/"] {
            if let rest = PathText.remainder(of: path, after: prefix) { packagePath = rest }
        }
        if let packagePath {
            guard let target = zip.entry(named: packagePath) else {
                add("exec-target-missing", .error, "bootstrap runs \(path) \(what), but the package has no '\(packagePath)'.",
                    fix: "Add it to the package (--include \(packagePath)) or fix the path in bootstrap.", entry: entry)
                return
            }
            if target.madeBy == .unix, target.unixMode != nil, target.permissions & 0o001 == 0 {
                add("exec-target-not-executable", .error, "bootstrap runs '\(packagePath)', which has mode \(target.modeString) (permission denied).",
                    fix: "chmod 755 \(packagePath) before packaging.", entry: packagePath)
            }
            // A binary the script hands over to loads its libraries like a binary bootstrap would.
            if !target.isSymlink, !target.isDirectory, elves.hasMagic(source: 0, entry: target),
               case .success(let elf) = elves.elf(source: 0, entry: target) {
                checkLoadedLibraries(of: target, elf: elf)
            }
        } else if PathText.hasPrefix(path, "/opt/") {
            requireFromLayer(path, what: what, entry: entry, command: true)
        } else if options.runtime.interpreters.contains(path) || options.runtime.hasProgram(atPath: path) {
            return
        } else if ["python", "node", "ruby", "perl", "php", "java"].contains(where: { PathText.lastComponent(path).hasPrefix($0) }) {
            add("interpreter-missing", .error, "bootstrap runs \(path) \(what), but \(options.runtime) ships no language runtime (exit 127).",
                fix: "Put the interpreter in a layer and run it from /opt (lambdactl build-layer python), as the python-stream template does; or rewrite the bootstrap for /bin/sh or /bin/bash.", entry: entry)
        } else {
            add("interpreter-missing", .error,
                "bootstrap runs \(path) \(what), but \(options.runtime) has no \(path): its base image holds bash, coreutils, grep, gawk and curl, not other programs (exit 127).",
                fix: "Use /bin/sh or /bin/bash, or ship the program (statically linked) in the package or a layer and name it by its /var/task or /opt path, e.g. #!/opt/bin/\(PathText.lastComponent(path)) from a layer.", entry: entry)
        }
    }

    /// A path under `/opt` comes from a layer. With no layer given it is only a warning (layers can be
    /// attached by ARN at deploy time); with layers given, none providing it is an error.
    mutating func requireFromLayer(_ path: String, what: String, entry: String, command: Bool) {
        if optPaths.contains(path) {
            if command, let layerEntry = layers.lazy.compactMap({ $0.entry(named: String(path.dropFirst(5))) }).first,
               layerEntry.madeBy == .unix, layerEntry.unixMode != nil, !layerEntry.isSymlink, layerEntry.permissions & 0o001 == 0 {
                add("exec-target-not-executable", .error, "\(path) in the layer has mode \(layerEntry.modeString) (permission denied).",
                    fix: "chmod 755 it before zipping the layer (lambdactl build-layer keeps modes).", entry: layerEntry.name)
            }
            return
        }
        if layers.isEmpty {
            add("layer-file-unchecked", .warning, "bootstrap runs \(path) \(what); it must come from a layer, and no layer zip was given to check it.",
                fix: "Attach the layer that provides it (for Python: lambdactl build-layer python) and pass its zip with --layer to check it.", entry: entry)
        } else {
            add("layer-file-missing", .error, "bootstrap runs \(path) \(what), but none of the given layers provides it (exit 127).",
                fix: "Attach a layer whose zip contains \(String(path.dropFirst(5))) at its root (unzipped under /opt).", entry: entry)
        }
    }
}
