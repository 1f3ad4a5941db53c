import Foundation

/// The hostile zips of `Tests/Fixtures/hostile_zip.py`, written by Python's zipfile plus raw byte
/// patches (never by lambdactl), with the finding each must produce.
public enum HostileZips {
    public struct Case: Sendable {
        public var name: String
        /// The id `doctor`, `package` and `serve` must report.
        public var id: String
        /// An error (exit 1) or only a warning (exit 0).
        public var isError: Bool
    }

    public static let errors: [Case] = [
        // A 4 GiB declared size is over Lambda's unzipped limit before its data is read (doctor also
        // reports its crc-mismatch; serve refuses it on the size, before unpacking).
        ("crc-mismatch", "crc-mismatch"), ("huge-declared-size", "unzipped-too-large"), ("truncated", "crc-mismatch"),
        ("understated-size", "crc-mismatch"), ("bomb", "unzipped-too-large"),
        ("duplicate-mode", "duplicate-entry"), ("duplicate-dot", "duplicate-entry"), ("duplicate-slashes", "duplicate-entry"),
        ("path-conflict", "entry-path-conflict"), ("dir-0700", "directory-not-traversable"),
        ("loop-self", "symlink-loop"), ("loop-pair", "symlink-loop"), ("absolute-link", "symlink-absolute"),
        ("slip", "symlink-escapes"), ("relative-escape", "symlink-escapes"), ("fifo-entry", "unsupported-file-type"),
        ("combining-parent", "unsafe-path"), ("combining-absolute", "unsafe-path"), ("combining-slip", "symlink-escapes"),
        ("combining-link", "symlink-absolute"), ("deep-path", "path-too-long"),
    ].map { Case(name: $0.0, id: $0.1, isError: true) }

    public static var script: String { Paths.repositoryRoot.appendingPathComponent("Tests/Fixtures/hostile_zip.py").path }

    /// Writes the zip of `name` at `path`.
    public static func write(_ name: String, at path: String) throws {
        let result = try runProcess("python3", [script, name, path])
        guard result.status == 0 else { throw FixtureError(message: "hostile_zip.py \(name): \(result.transcript)") }
    }

    /// The ids of the findings in a `--json` report, read by Python's json (an independent parser).
    /// Throws when the text is not JSON or lacks `ok: false` with `report.findings`.
    public static func jsonIDs(_ text: String) throws -> (ok: Bool, ids: [String]) {
        let result = try runProcess("python3", ["-c", """
            import json, sys
            d = json.load(sys.stdin)
            assert isinstance(d["errors"], int) and isinstance(d["warnings"], int)
            print(d["ok"]); print(" ".join(f["id"] for f in d["report"]["findings"]))
            for f in d["report"]["findings"]: assert f["fix"] and f["message"] and f["severity"] in ("error", "warning")
            """], input: Data(text.utf8))
        guard result.status == 0 else { throw FixtureError(message: "not a report: \(result.transcript)\n\(text)") }
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.first == "True", lines.count > 1 ? lines[1].split(separator: " ").map(String.init) : [])
    }
}
