import Foundation
import LambdaArchive

/// Formats package reports for people (a table, findings with their fixes) and for machines (JSON).
enum ReportPrinter {
    /// `package --json` / `doctor --json`: the report plus an `ok` flag scripts can test.
    static func jsonReport(_ report: PackageReport) -> String {
        struct Output: Encodable {
            var ok: Bool
            var errors: Int
            var warnings: Int
            var report: PackageReport
        }
        return jsonText(Output(ok: !report.hasErrors, errors: report.errors.count, warnings: report.warnings.count, report: report))
    }

    static func entries(_ report: PackageReport) -> String {
        let width = max(report.entries.map { String($0.size).count }.max() ?? 1, 4)
        return report.entries.map { entry in
            "  \(entry.mode)  \(String(repeating: " ", count: width - String(entry.size).count))\(entry.size)  \(entry.name)"
        }.joined(separator: "\n")
    }

    static func summary(_ report: PackageReport) -> String {
        var lines: [String] = []
        lines.append("  \(report.entries.count) entries, \(ByteCount(report.unzippedSize)) unzipped, \(ByteCount(report.zippedSize)) zipped (\(report.zippedSize) bytes)")
        if let bootstrap = report.bootstrap {
            if bootstrap.kind == "elf" {
                let arch = bootstrap.architecture.map { "\($0)" } ?? "unknown architecture"
                let glibc = bootstrap.maxGlibc.map { "needs \($0)" } ?? "no glibc version needs"
                let linking = bootstrap.interpreter == nil && (bootstrap.neededLibraries ?? []).isEmpty ? "static" : "dynamic"
                lines.append("  bootstrap   ELF \(arch), \(linking), \(glibc)")
            } else {
                lines.append("  bootstrap   script, #!\(bootstrap.shebang ?? "?")")
            }
        }
        lines.append("  SHA-256     \(report.sha256Hex)")
        lines.append("  CodeSha256  \(report.codeSha256)")
        return lines.joined(separator: "\n")
    }

    static func findings(_ findings: [Finding]) -> String {
        findings.map(\.description).joined(separator: "\n")
    }
}
