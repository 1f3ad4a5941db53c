import AWSEventStream
import XCTest

/// Hostile event-stream frames, written by Python's `struct` and `zlib.crc32` (an independent writer;
/// the generating script is in the comment at the end of this file): every lying length, bad header
/// and bad checksum is a specific error, whether the bytes arrive at once or one at a time.
final class EventStreamHostileTests: XCTestCase {
    static let hugeTotal: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]
    static let tooShort: [UInt8] = [0x00, 0x00, 0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0xE7, 0x72, 0x48, 0xB8]
    static let overLimit: [UInt8] = [0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x94, 0xE8, 0xF6, 0x47]
    static let headersPastTotal: [UInt8] = [0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x05, 0x80, 0x28, 0x1A, 0xA4, 0x61, 0x62, 0x63, 0x64, 0x96, 0xD7, 0x3A, 0xD1]
    static let nameRunsPast: [UInt8] = [0x00, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x02, 0x91, 0x0C, 0x7A, 0xA7, 0x05, 0x61, 0x3C, 0x03, 0x93, 0x95]
    static let unknownType: [UInt8] = [0x00, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00, 0x03, 0xDB, 0x6B, 0x63, 0x81, 0x01, 0x78, 0x0A, 0x64, 0xAB, 0x3F, 0x3A]
    static let stringRunsPast: [UInt8] = [0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x07, 0x29, 0x86, 0x01, 0x58, 0x01, 0x73, 0x07, 0xFF, 0xFF, 0x61, 0x62, 0x14, 0x1A, 0x12, 0x6A]
    static let int64RunsPast: [UInt8] = [0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x05, 0xBD, 0x48, 0x33, 0x14, 0x01, 0x6E, 0x05, 0x00, 0x01, 0x18, 0x1D, 0x32, 0xD5]
    static let nameNotUTF8: [UInt8] = [0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x05, 0xBD, 0x48, 0x33, 0x14, 0x01, 0xFF, 0x07, 0x00, 0x00, 0x69, 0x62, 0x50, 0xEC]
    static let valueNotUTF8: [UInt8] = [0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x07, 0x29, 0x86, 0x01, 0x58, 0x01, 0x76, 0x07, 0x00, 0x02, 0xED, 0xA0, 0xC5, 0x92, 0x11, 0x70]
    static let badMessageCRC: [UInt8] = [0x00, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x7F, 0x02, 0x1B, 0x8B, 0x68, 0x69, 0x54, 0xA7, 0xF4, 0x14]
    static let allTypes: [UInt8] = [0x00, 0x00, 0x00, 0x6B, 0x00, 0x00, 0x00, 0x59, 0x99, 0x77, 0x70, 0x65, 0x01, 0x74, 0x00, 0x01, 0x66, 0x01, 0x01, 0x62, 0x02, 0xFE, 0x03, 0x73, 0x31, 0x36, 0x03, 0xFF, 0xFE, 0x03, 0x69, 0x33, 0x32, 0x04, 0xFF, 0xFF, 0xFF, 0xFD, 0x03, 0x69, 0x36, 0x34, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC, 0x02, 0x62, 0x79, 0x06, 0x00, 0x03, 0x00, 0x01, 0x02, 0x03, 0x73, 0x74, 0x72, 0x07, 0x00, 0x02, 0xC3, 0xA9, 0x02, 0x74, 0x73, 0x08, 0x00, 0x00, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00, 0x02, 0x69, 0x64, 0x09, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x6F, 0x6B, 0x6A, 0x4A, 0x30, 0x24]
    static let invokeComplete: [UInt8] = [0x00, 0x00, 0x00, 0x93, 0x00, 0x00, 0x00, 0x33, 0x4C, 0x54, 0xE3, 0xBF, 0x0B, 0x3A, 0x65, 0x76, 0x65, 0x6E, 0x74, 0x2D, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x0E, 0x49, 0x6E, 0x76, 0x6F, 0x6B, 0x65, 0x43, 0x6F, 0x6D, 0x70, 0x6C, 0x65, 0x74, 0x65, 0x0D, 0x3A, 0x6D, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x2D, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x05, 0x65, 0x76, 0x65, 0x6E, 0x74, 0x7B, 0x22, 0x45, 0x72, 0x72, 0x6F, 0x72, 0x43, 0x6F, 0x64, 0x65, 0x22, 0x3A, 0x22, 0x5C, 0x75, 0x64, 0x38, 0x30, 0x30, 0x5C, 0x75, 0x30, 0x30, 0x34, 0x31, 0x22, 0x2C, 0x22, 0x45, 0x72, 0x72, 0x6F, 0x72, 0x44, 0x65, 0x74, 0x61, 0x69, 0x6C, 0x73, 0x22, 0x3A, 0x22, 0x78, 0x5C, 0x75, 0x64, 0x63, 0x30, 0x30, 0x22, 0x2C, 0x22, 0x4C, 0x6F, 0x67, 0x52, 0x65, 0x73, 0x75, 0x6C, 0x74, 0x22, 0x3A, 0x22, 0x5C, 0x75, 0x64, 0x38, 0x33, 0x64, 0x5C, 0x75, 0x64, 0x65, 0x30, 0x30, 0x22, 0x7D, 0x95, 0x8E, 0x96, 0x57]

    /// The error feeding `bytes` gives, all at once and byte by byte (the same one both ways).
    func error(decoding bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> EventStreamError? {
        var whole = EventStreamDecoder()
        var first: EventStreamError?
        do { _ = try whole.feed(bytes); try whole.finish() } catch { first = error as? EventStreamError }
        var single = EventStreamDecoder()
        var second: EventStreamError?
        do {
            for byte in bytes { _ = try single.feed([byte]) }
            try single.finish()
        } catch { second = error as? EventStreamError }
        XCTAssertEqual(first, second, "all at once and byte by byte disagree", file: file, line: line)
        return first
    }

    func testLyingLengthsAreErrors() {
        XCTAssertEqual(error(decoding: Self.hugeTotal), .invalidLength(total: 0xFFFF_FFFF, headers: 0))
        XCTAssertEqual(error(decoding: Self.tooShort), .invalidLength(total: 15, headers: 0))
        XCTAssertEqual(error(decoding: Self.overLimit), .invalidLength(total: 16 * 1024 * 1024 + 1, headers: 0))
        XCTAssertEqual(error(decoding: Self.headersPastTotal), .invalidLength(total: 20, headers: 5))
    }

    func testMalformedHeadersAreErrors() {
        XCTAssertEqual(error(decoding: Self.nameRunsPast), .invalidHeader("a header name runs past the end of the header block"))
        XCTAssertEqual(error(decoding: Self.unknownType), .invalidHeader("unknown value type 10 for header 'x' (types are 0 to 9)"))
        XCTAssertEqual(error(decoding: Self.stringRunsPast), .invalidHeader("the value of header 's' runs past the end of the header block"))
        XCTAssertEqual(error(decoding: Self.int64RunsPast), .invalidHeader("the value of header 'n' runs past the end of the header block"))
        XCTAssertEqual(error(decoding: Self.nameNotUTF8), .invalidHeader("a header name is not UTF-8"))
        XCTAssertEqual(error(decoding: Self.valueNotUTF8), .invalidHeader("the string value of header 'v' is not UTF-8"))
    }

    func testChecksumMismatchIsAnError() {
        guard case .messageChecksumMismatch = error(decoding: Self.badMessageCRC) else { return XCTFail("CRC not checked") }
        var corrupt = Self.allTypes
        corrupt[4] ^= 0x01  // the headers length, under the prelude CRC
        guard case .preludeChecksumMismatch = error(decoding: corrupt) else { return XCTFail("prelude CRC not checked") }
    }

    func testEveryHeaderTypeDecodesAndReencodesToTheSameBytes() throws {
        var decoder = EventStreamDecoder()
        let messages = try decoder.feed(Self.allTypes)
        XCTAssertEqual(messages.count, 1)
        let message = try XCTUnwrap(messages.first)
        XCTAssertEqual(message.headers.map(\.name), ["t", "f", "b", "s16", "i32", "i64", "by", "str", "ts", "id"])
        XCTAssertEqual(message.headers.map(\.value), [
            .bool(true), .bool(false), .byte(-2), .int16(-2), .int32(-3), .int64(-4), .bytes([0, 1, 2]),
            .string("é"), .timestamp(1_700_000_000_000), .uuid(Array(0..<16)),
        ])
        XCTAssertEqual(message.payload, Array("ok".utf8))
        XCTAssertEqual(try message.encoded(), Self.allTypes)
    }

    /// Every cut of a valid frame is "need more" while streaming and `truncated` at the end, and no
    /// single flipped bit passes unnoticed (both CRCs cover every byte).
    func testTruncationsAndBitFlipsNeverPassOrTrap() {
        for cut in 1..<Self.allTypes.count {
            var decoder = EventStreamDecoder()
            XCTAssertEqual(try decoder.feed(Self.allTypes[..<cut]), [], "cut at \(cut)")
            XCTAssertEqual(decoder.bufferedByteCount, cut)
            XCTAssertThrowsError(try decoder.finish(), "cut at \(cut)")
        }
        for index in 0..<Self.allTypes.count {
            for bit in 0..<8 {
                var bytes = Self.allTypes
                bytes[index] ^= UInt8(1 << bit)
                var decoder = EventStreamDecoder()
                let messages = (try? decoder.feed(bytes)) ?? []
                XCTAssertEqual(messages, [], "flipped bit \(bit) of byte \(index) went unnoticed")
            }
        }
    }

    /// The surrogate body that trapped `flatJSONStrings`: lone surrogates are U+FFFD, a pair is combined.
    func testInvokeCompleteWithLoneSurrogatesIsRead() throws {
        var decoder = EventStreamDecoder()
        let events = try decoder.feed(Self.invokeComplete).map(InvokeStreamEvent.init(message:))
        XCTAssertEqual(events, [.invokeComplete(.init(errorCode: "\u{FFFD}A", errorDetails: "x\u{FFFD}", logResult: "😀"))])
    }

    func testFlatJSONStringsIsStrictAboutStringsAndTotal() {
        func read(_ text: String) -> [String: String] { flatJSONStrings(Array(text.utf8)) }
        XCTAssertEqual(read(#"{"a":"\ud800\u0041"}"#), ["a": "\u{FFFD}A"])
        XCTAssertEqual(read(#"{"a":"\ud800"}"#), ["a": "\u{FFFD}"])
        XCTAssertEqual(read(#"{"a":"\ud800\ud800\udc00"}"#), ["a": "\u{FFFD}\u{10000}"])
        XCTAssertEqual(read(#"{"a":"\udbff\udfff","b":1,"c":[{"x":"]"}],"d":"\/\n"}"#), ["a": "\u{10FFFF}", "d": "/\n"])
        // A bad string stops the reading; what came before is kept.
        XCTAssertEqual(read(#"{"a":"ok","b":"\q","c":"x"}"#), ["a": "ok"])
        XCTAssertEqual(read(#"{"a":"ok","b":"\u12"}"#), ["a": "ok"])
        XCTAssertEqual(flatJSONStrings(Array(#"{"a":"ok","b":""#.utf8) + [0x01, 0x22, 0x7D]), ["a": "ok"])
        XCTAssertEqual(flatJSONStrings(Array(#"{"a":"ok","b":""#.utf8) + [0xC0, 0x80, 0x22, 0x7D]), ["a": "ok"])
        XCTAssertEqual(flatJSONStrings(Array(#"{"a":"\"#.utf8)), [:])
        XCTAssertEqual(read(#"{"a":"\ud800\u"}"#), [:])
        XCTAssertEqual(read("[\"a\"]"), [:])
        // Every prefix of a payload with every escape kind: no trap, and only complete members.
        let payload = Array(#"{"ErrorCode":"\ud800\u0041","x":[1,{"y":"\"}"}],"ErrorDetails":"\ud83d\ude00\t"}"#.utf8)
        for cut in 0...payload.count {
            let fields = flatJSONStrings(Array(payload[..<cut]))
            XCTAssertTrue(fields.isEmpty || fields["ErrorCode"] == "\u{FFFD}A", "cut \(cut): \(fields)")
        }
        XCTAssertEqual(flatJSONStrings(payload), ["ErrorCode": "\u{FFFD}A", "ErrorDetails": "😀\t"])
    }
}

// The frames above, as printed by:
//   import struct, zlib
//   def frame(headers=b"", payload=b"", total=None, hlen=None, bad_msg_crc=False):
//       t = total if total is not None else 16 + len(headers) + len(payload)
//       h = hlen if hlen is not None else len(headers)
//       prelude = struct.pack(">II", t, h); prelude += struct.pack(">I", zlib.crc32(prelude))
//       body = prelude + headers + payload; crc = zlib.crc32(body) ^ (1 if bad_msg_crc else 0)
//       return body + struct.pack(">I", crc)
//   def sh(name, t, v): return bytes([len(name)]) + name + bytes([t]) + v
//   hugeTotal = frame(total=0xFFFFFFFF)[:12]; tooShort = frame(total=15)[:12]
//   overLimit = frame(total=16*1024*1024+1)[:12]; headersPastTotal = frame(payload=b"abcd", hlen=5)
//   nameRunsPast = frame(headers=bytes([5]) + b"a"); unknownType = frame(headers=sh(b"x", 10, b""))
//   stringRunsPast = frame(headers=sh(b"s", 7, b"\xff\xff" + b"ab"))
//   int64RunsPast = frame(headers=sh(b"n", 5, b"\x00\x01"))
//   nameNotUTF8 = frame(headers=sh(b"\xff", 7, struct.pack(">H", 0)))
//   valueNotUTF8 = frame(headers=sh(b"v", 7, struct.pack(">H", 2) + b"\xed\xa0"))
//   badMessageCRC = frame(payload=b"hi", bad_msg_crc=True)
//   allTypes = frame(payload=b"ok", headers=sh(b"t",0,b"") + sh(b"f",1,b"") + sh(b"b",2,b"\xfe")
//       + sh(b"s16",3,struct.pack(">h",-2)) + sh(b"i32",4,struct.pack(">i",-3)) + sh(b"i64",5,struct.pack(">q",-4))
//       + sh(b"by",6,struct.pack(">H",3)+b"\x00\x01\x02") + sh(b"str",7,struct.pack(">H",2)+"é".encode())
//       + sh(b"ts",8,struct.pack(">q",1700000000000)) + sh(b"id",9,bytes(range(16))))
//   invokeComplete = frame(headers=sh(b":event-type",7,struct.pack(">H",14)+b"InvokeComplete")
//       + sh(b":message-type",7,struct.pack(">H",5)+b"event"),
//       payload=br'{"ErrorCode":"\ud800\u0041","ErrorDetails":"x\udc00","LogResult":"\ud83d\ude00"}')
