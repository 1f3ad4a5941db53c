extension ProjectScaffold {
    /// What `init` prints after the file list: the commands that take the new project from its
    /// folder (`shown`, as the user named it) to a verified Function URL. The Python template needs
    /// its layer built first; its lambdactl.toml lists it, so `serve` and `deploy` find it.
    public func nextSteps(in shown: String) -> [String] {
        var lines = ["Next, in \(shown)/ (every command reads lambdactl.toml):", "  cd \(Self.shellWord(shown))"]
        if template.isSwift {
            lines.append("  lambdactl package                 # build bootstrap, zip it into .lambdactl/\(name).zip")
            lines.append("  lambdactl serve                   # run it locally on http://127.0.0.1:9000 (another terminal)")
        } else {
            lines.append("  lambdactl package                 # zip this folder into .lambdactl/\(name).zip")
            lines.append("  lambdactl build-layer python      # Python 3.11 for /opt (docker): \(pythonLayer)")
            lines.append("  lambdactl serve                   # with that layer (lambdactl.toml lists it), on http://127.0.0.1:9000 (another terminal)")
        }
        lines.append("  lambdactl invoke --local --data '{\"sentence\": \"Hello streaming world\"}'" + (template == .swiftURL ? " --url-event" : ""))
        lines.append("  lambdactl deploy --create-role" + (template.isSwift ? "" : "    # publishes the layer too"))
        lines.append("  lambdactl url-config && lambdactl verify-url")
        return lines
    }

    /// `path` as one shell word: as it is when it has only safe characters, else single-quoted.
    static func shellWord(_ path: String) -> String {
        path.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
