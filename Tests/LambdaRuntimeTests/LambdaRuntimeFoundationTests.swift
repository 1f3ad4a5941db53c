import Foundation
import LambdaRuntime
import LambdaRuntimeFoundation
import Synchronization
import XCTest

/// The Codable layer, in process: events decoded with JSONDecoder, outputs read back with
/// JSONSerialization, JSON lines through a recording writer.
final class LambdaRuntimeFoundationTests: XCTestCase {
    struct Order: Decodable, Sendable { var id: Int; var items: [String] }
    struct Receipt: Codable, Sendable { var id: Int; var count: Int }

    struct ReceiptHandler: CodableLambdaHandler {
        func handle(_ event: Order, context: LambdaContext) async throws -> Receipt {
            Receipt(id: event.id, count: event.items.count)
        }
    }

    /// Keeps every write, for assertions.
    final class RecordingWriter: LambdaResponseStreamWriter, Sendable {
        private let recorded = Mutex<(writes: [[UInt8]], finished: Bool)>(([], false))
        var writes: [[UInt8]] { recorded.withLock { $0.writes } }
        var finished: Bool { recorded.withLock { $0.finished } }
        func write(_ bytes: [UInt8]) async throws { recorded.withLock { $0.writes.append(bytes) } }
        func write(_ text: String) async throws { recorded.withLock { $0.writes.append(Array(text.utf8)) } }
        func writeStatusAndHeaders(statusCode: Int, headers: [String: String], cookies: [String]) async throws {}
        func setContentType(_ contentType: String) throws {}
        func finish() async throws { recorded.withLock { $0.finished = true } }
    }

    private let context = LambdaContext(requestID: "r1", deadlineMilliseconds: 0, invokedFunctionARN: "arn")

    func testCodableHandlerDecodesEventAndEncodesOutput() async throws {
        var adapter = CodableHandlerAdapter(ReceiptHandler())
        let output = try await adapter.handle(Array(#"{"id": 7, "items": ["a", "b", "c"]}"#.utf8), context: context)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        XCTAssertEqual(object["id"] as? Int, 7)
        XCTAssertEqual(object["count"] as? Int, 3)
        do {
            _ = try await adapter.handle(Array(#"{"id": "x"}"#.utf8), context: context)
            XCTFail("a bad event must throw (the runtime reports it with POST /error)")
        } catch is DecodingError {}
    }

    func testDecodingStreamingHandlerWritesJSONLines() async throws {
        let handler = DecodingStreamingHandler<Order> { order, writer, _ in
            for item in order.items { try await writer.writeJSONLine(["item": item]) }
        }
        let writer = RecordingWriter()
        try await handler.handle(Array(#"{"id": 1, "items": ["x", "y"]}"#.utf8), responseWriter: writer, context: context)
        XCTAssertEqual(writer.writes.count, 2)
        XCTAssertEqual(writer.writes.map { $0.last }, [0x0A, 0x0A])
        let first = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(writer.writes[0])) as? [String: String])
        XCTAssertEqual(first, ["item": "x"])
    }
}
