/// What a streaming handler writes its response to. The shape follows swift-aws-lambda-runtime's
/// `LambdaResponseStreamWriter` (bytes instead of `ByteBuffer`) so handlers move over with few edits.
public protocol LambdaResponseStreamWriter: Sendable {
    /// Sends `bytes` as one HTTP chunk, at once. An empty write sends nothing (an empty chunk would
    /// end the stream).
    func write(_ bytes: [UInt8]) async throws
    /// Sends the UTF-8 of `text` as one HTTP chunk, at once.
    func write(_ text: String) async throws
    /// For Function URLs: sends the status code, headers and cookies ahead of the body. Call it once,
    /// before the first body byte.
    func writeStatusAndHeaders(statusCode: Int, headers: [String: String], cookies: [String]) async throws
    /// Sets the `Content-Type` Lambda forwards for a plain stream (default
    /// `application/octet-stream`); call it before the first write.
    func setContentType(_ contentType: String) throws
    /// Ends the response. A handler that returns without calling it gets it called for it.
    func finish() async throws
}

extension LambdaResponseStreamWriter {
    /// Writes the last chunk and ends the response.
    public func writeAndFinish(_ bytes: [UInt8]) async throws {
        try await write(bytes)
        try await finish()
    }

    public func writeAndFinish(_ text: String) async throws {
        try await write(text)
        try await finish()
    }

    public func writeStatusAndHeaders(statusCode: Int = 200, headers: [String: String] = [:]) async throws {
        try await writeStatusAndHeaders(statusCode: statusCode, headers: headers, cookies: [])
    }
}
