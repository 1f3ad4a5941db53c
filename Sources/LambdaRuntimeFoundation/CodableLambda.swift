// Codable on top of the runtime core, for functions that prefer `JSONDecoder`/`JSONEncoder` to the
// core's `JSONValue`.
//
// Cost, measured on Debian 12 x86_64 with Swift 6.3.1 (stripped bootstrap): the core-only word
// streamer is 7.1 MB and needs GLIBC_2.34; a Codable function on this product is 13.8 MB with
// `--static-swift-stdlib` and needs `GLIBC_2.35` (`hypotf`, pulled by FoundationEssentials), which
// provided.al2023 (glibc 2.34) does not have: it fails there with "version `GLIBC_2.35' not found".
// `lambdactl doctor` reads the bootstrap's highest GLIBC symbol version and reports such a binary as
// not runnable on provided.al2023. Build it with `-Xswiftc -static-executable` instead (14.2 MB, no
// glibc symbol versions at all; verified against a Runtime API server), or stay on `LambdaRuntime`
// and its `JSONValue`.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@_exported import LambdaRuntime

/// A handler that takes a decoded event and returns an encodable output (sent as JSON, buffered;
/// a JSON document of 6 MB or more is streamed).
public protocol CodableLambdaHandler: Sendable {
    associatedtype Event: Decodable
    associatedtype Output: Encodable
    mutating func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

/// Runs a `CodableLambdaHandler` as a buffered handler.
public struct CodableHandlerAdapter<Wrapped: CodableLambdaHandler>: BufferedLambdaHandler {
    public var wrapped: Wrapped

    public init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    public mutating func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let decoded = try JSONDecoder().decode(Wrapped.Event.self, from: Data(event))
        let output = try await wrapped.handle(decoded, context: context)
        return Array(try JSONEncoder().encode(output))
    }
}

/// A Codable handler made from a closure.
public struct CodableClosureHandler<Event: Decodable, Output: Encodable>: CodableLambdaHandler {
    let body: @Sendable (Event, LambdaContext) async throws -> Output

    public init(_ body: @escaping @Sendable (Event, LambdaContext) async throws -> Output) { self.body = body }

    public func handle(_ event: Event, context: LambdaContext) async throws -> Output {
        try await body(event, context)
    }
}

/// A streaming handler whose event is decoded from JSON first.
public struct DecodingStreamingHandler<Event: Decodable>: StreamingLambdaHandler {
    let body: @Sendable (Event, any LambdaResponseStreamWriter, LambdaContext) async throws -> Void

    public init(_ body: @escaping @Sendable (Event, any LambdaResponseStreamWriter, LambdaContext) async throws -> Void) {
        self.body = body
    }

    public func handle(_ event: [UInt8], responseWriter: some LambdaResponseStreamWriter, context: LambdaContext) async throws {
        try await body(try JSONDecoder().decode(Event.self, from: Data(event)), responseWriter, context)
    }
}

extension LambdaRuntime {
    /// `LambdaRuntime(decoding: Order.self) { order, context in Receipt(...) }`.
    public init<Event: Decodable, Output: Encodable>(
        decoding: Event.Type,
        body: @escaping @Sendable (Event, LambdaContext) async throws -> Output
    ) where Handler == BufferedHandlerAdapter<CodableHandlerAdapter<CodableClosureHandler<Event, Output>>> {
        self.init(handler: BufferedHandlerAdapter(CodableHandlerAdapter(CodableClosureHandler(body))))
    }

    /// `LambdaRuntime(decoding: Request.self) { request, writer, context in ... }`.
    public init<Event: Decodable>(
        decoding: Event.Type,
        body: @escaping @Sendable (Event, any LambdaResponseStreamWriter, LambdaContext) async throws -> Void
    ) where Handler == DecodingStreamingHandler<Event> {
        self.init(handler: DecodingStreamingHandler(body))
    }
}

extension LambdaResponseStreamWriter {
    /// Writes `value` as one JSON line (JSON + `\n`) in one chunk: the NDJSON streaming idiom.
    public func writeJSONLine(_ value: some Encodable) async throws {
        var bytes = Array(try JSONEncoder().encode(value))
        bytes.append(0x0A)
        try await write(bytes)
    }
}
