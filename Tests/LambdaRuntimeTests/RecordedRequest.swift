/// One request the fake Runtime API received, kept byte-exact so that tests assert on the wire.
struct RecordedRequest: Sendable {
    var connection: Int
    var method: String
    var path: String
    /// The request head exactly as received (request line and header lines, CRLFs included).
    var rawHead: String
    var headers: [(name: String, value: String)]
    /// The decoded body (chunks concatenated for a chunked request).
    var body: [UInt8]
    /// For a chunked request, each chunk's data in arrival order; `nil` otherwise.
    var chunks: [[UInt8]]?
    /// For a chunked request, the exact bytes after the last data chunk (`0\r\n`, trailers, `\r\n`).
    var rawEnd: String
    var trailers: [(name: String, value: String)]
    /// The server stopped reading this request's body part way (`FakeRuntimeAPI.cutAfterBytes`).
    var cutShort = false

    func header(_ name: String) -> String? {
        headers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
    }

    func trailer(_ name: String) -> String? {
        trailers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
