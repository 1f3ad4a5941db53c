/// A reply from the Runtime API. Header names are kept lower-cased because HTTP names are
/// case-insensitive and servers differ (`Lambda-Runtime-Aws-Request-Id` vs `lambda-runtime-aws-request-id`).
struct HTTPResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// False when the server asked to close the connection (or spoke HTTP/1.0 without keep-alive).
    var keepAlive: Bool

    func header(_ lowercasedName: String) -> String? {
        headers.first(where: { $0.name == lowercasedName })?.value
    }
}
