import AWSEventStream
import XCTest

/// The decoder must return the same messages however the bytes are split, and refuse corrupt frames.
final class EventStreamDecoderTests: XCTestCase {
    func sampleStream() throws -> (events: [InvokeStreamEvent], bytes: [UInt8]) {
        let events: [InvokeStreamEvent] = [
            .payloadChunk(Array("first line\n".utf8)),
            .payloadChunk([0, 0, 0, 0, 0, 0, 0, 0, 255]),
            .payloadChunk([]),
            .invokeComplete(.init(errorCode: "Runtime.ExitError", errorDetails: "exit \"status\" 1\n", logResult: "U1RBUlQ=")),
        ]
        return (events, try events.flatMap { try $0.message.encoded() })
    }

    func testOneFeedHoldingEveryMessage() throws {
        let (events, bytes) = try sampleStream()
        var decoder = EventStreamDecoder()
        let decoded = try decoder.feed(bytes).map(InvokeStreamEvent.init(message:))
        XCTAssertEqual(decoded, events)
        XCTAssertNoThrow(try decoder.finish())
    }

    func testByteByByte() throws {
        let (events, bytes) = try sampleStream()
        var decoder = EventStreamDecoder()
        var decoded: [InvokeStreamEvent] = []
        for byte in bytes { decoded += try decoder.feed([byte]).map(InvokeStreamEvent.init(message:)) }
        XCTAssertEqual(decoded, events)
        XCTAssertEqual(decoder.bufferedByteCount, 0)
    }

    func testOddSplits() throws {
        let (events, bytes) = try sampleStream()
        for size in [3, 7, 13, 100, 107, 109] {
            var decoder = EventStreamDecoder()
            var decoded: [InvokeStreamEvent] = []
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + size)
                decoded += try decoder.feed(bytes[offset..<end]).map(InvokeStreamEvent.init(message:))
                offset = end
            }
            XCTAssertEqual(decoded, events, "split every \(size) bytes")
        }
    }

    func testCorruptPayloadIsRejected() throws {
        var bytes = try InvokeStreamEvent.payloadChunk(Array("hi".utf8)).message.encoded()
        bytes[bytes.count - 5] ^= 0x01
        var decoder = EventStreamDecoder()
        XCTAssertThrowsError(try decoder.feed(bytes)) { error in
            guard case EventStreamError.messageChecksumMismatch = error else { return XCTFail("\(error)") }
        }
    }

    func testCorruptPreludeFailsBeforeWaitingForTheLength() throws {
        var bytes = try InvokeStreamEvent.payloadChunk(Array("hi".utf8)).message.encoded()
        bytes[0] = 0x7F
        var decoder = EventStreamDecoder()
        XCTAssertThrowsError(try decoder.feed(bytes.prefix(12))) { error in
            guard case EventStreamError.preludeChecksumMismatch = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("CRC32"))
        }
    }

    func testTruncatedStreamIsReported() throws {
        let bytes = try InvokeStreamEvent.payloadChunk(Array("hello".utf8)).message.encoded()
        var decoder = EventStreamDecoder()
        XCTAssertEqual(try decoder.feed(bytes.dropLast(3)).count, 0)
        XCTAssertThrowsError(try decoder.finish())
    }

    func testTypedHeadersRoundTrip() throws {
        let message = EventStreamMessage(headers: [
            EventStreamHeader(name: "t", value: .bool(true)),
            EventStreamHeader(name: "f", value: .bool(false)),
            EventStreamHeader(name: "b", value: .byte(-3)),
            EventStreamHeader(name: "s", value: .int16(-300)),
            EventStreamHeader(name: "i", value: .int32(70000)),
            EventStreamHeader(name: "l", value: .int64(-1 << 40)),
            EventStreamHeader(name: "x", value: .bytes([1, 2, 3])),
            EventStreamHeader(name: "ts", value: .timestamp(1_700_000_000_000)),
            EventStreamHeader(name: "u", value: .uuid(Array(0..<16))),
            EventStreamHeader("str", "é✓"),
        ], payload: Array("payload".utf8))
        var decoder = EventStreamDecoder()
        XCTAssertEqual(try decoder.feed(try message.encoded()), [message])
    }

    func testExceptionMessageIsRecognised() throws {
        let event = InvokeStreamEvent.exception(type: "ResourceNotFoundException", message: "Function not found")
        var decoder = EventStreamDecoder()
        let decoded = try decoder.feed(try event.message.encoded()).map(InvokeStreamEvent.init(message:))
        XCTAssertEqual(decoded.count, 1)
        guard case .exception(let type, let text) = decoded[0] else { return XCTFail("\(decoded)") }
        XCTAssertEqual(type, "ResourceNotFoundException")
        XCTAssertTrue(text.contains("Function not found"))
    }
}
