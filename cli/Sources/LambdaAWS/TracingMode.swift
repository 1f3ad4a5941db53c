/// X-Ray tracing of a function (`--tracing-config Mode=...`): `Active` samples and traces
/// requests, `PassThrough` only forwards a caller's trace header.
public enum TracingMode: String, CaseIterable, Codable, Sendable {
    case active = "Active"
    case passThrough = "PassThrough"
}
