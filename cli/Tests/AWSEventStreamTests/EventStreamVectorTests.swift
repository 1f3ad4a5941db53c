import AWSEventStream
import XCTest

/// The framing checked against the test vector in docs/test-stack.md (bytes captured from AWS's format).
final class EventStreamVectorTests: XCTestCase {
    static let payloadChunkHex = """
        0000006c 0000005a b25efdcf 0b3a6576 656e742d 74797065 07000c50 61796c6f 61644368 756e6b0d 3a636f6e
        74656e74 2d747970 65070018 6170706c 69636174 696f6e2f 6f637465 742d7374 7265616d 0d3a6d65 73736167
        652d7479 70650700 05657665 6e746869 1162e469
        """

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.filter { $0.isHexDigit })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    func testPayloadChunkMatchesVector() throws {
        let encoded = try InvokeStreamEvent.payloadChunk(Array("hi".utf8)).message.encoded()
        XCTAssertEqual(encoded, Self.bytes(hex: Self.payloadChunkHex))
        XCTAssertEqual(encoded.count, 108)
    }

    func testInvokeCompleteMatchesVector() throws {
        let message = EventStreamMessage(headers: [
            EventStreamHeader(":event-type", "InvokeComplete"),
            EventStreamHeader(":content-type", "application/json"),
            EventStreamHeader(":message-type", "event"),
        ], payload: Array("{}".utf8))
        let encoded = try message.encoded()
        XCTAssertEqual(encoded.count, 102)
        XCTAssertEqual(Array(encoded.prefix(12)), Self.bytes(hex: "00000066 00000054 1f56c869"))
        XCTAssertEqual(Array(encoded.suffix(6)), Self.bytes(hex: "7b7d 7006d467"))
        XCTAssertEqual(try message.encoded(), try InvokeStreamEvent.invokeComplete(.init()).message.encoded())
    }

    func testCRC32KnownValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
    }
}
