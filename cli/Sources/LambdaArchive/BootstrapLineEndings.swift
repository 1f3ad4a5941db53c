/// The rule a script `bootstrap` breaks with Windows (CRLF) line endings, in one place for
/// `doctor`/`package` (a zip's entry) and `serve` (the file it is about to run).
///
/// The kernel reads the shebang up to the LF, so `#!/bin/sh\r` asks for a program named `sh\r`:
/// Lambda (and serve) report "no such file or directory" for a file that is plainly there.
public enum BootstrapLineEndings {
    /// The `bootstrap-crlf` error for `script` (the file's first bytes), or nil when it is not a
    /// script or has no line that ends in CR.
    public static func finding(script: [UInt8], entry: String? = "bootstrap") -> Finding? {
        guard script.starts(with: [UInt8(ascii: "#"), UInt8(ascii: "!")]) else { return nil }
        // Split on LF bytes: Swift treats "\r\n" as one Character, which would hide the CR.
        let lines = script.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.contains(where: { $0.last == 0x0D }) else { return nil }
        let shebang = String(decoding: lines.first?.dropFirst(2) ?? [], as: UTF8.self)
        return Finding(
            id: "bootstrap-crlf", severity: .error,
            message: "bootstrap has Windows (CRLF) line endings: the kernel looks for '\(shebang.replacingOccurrences(of: "\r", with: "\\r"))' and Lambda reports 'no such file or directory'.",
            fix: "Convert it to LF (sed -i 's/\\r$//' bootstrap, or dos2unix), and stop git from converting it (.gitattributes: bootstrap text eol=lf).",
            entry: entry)
    }
}
