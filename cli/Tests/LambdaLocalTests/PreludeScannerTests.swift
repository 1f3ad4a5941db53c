@testable import LambdaLocal
import XCTest

/// The prelude reader alone, for every way the bytes can be cut.
final class PreludeScannerTests: XCTestCase {
    let prelude = Array(#"{"statusCode":404,"headers":{"x-a":"1"},"cookies":["s=1"]}"#.utf8) + [UInt8](repeating: 0, count: 8)
    let body = Array("body\0with NUL\n".utf8)

    func scan(_ pieces: [[UInt8]]) -> (HTTPIntegrationPrelude?, [UInt8]) {
        var scanner = HTTPIntegrationPreludeScanner()
        var found: HTTPIntegrationPrelude?
        var output: [UInt8] = []
        for piece in pieces {
            switch scanner.feed(piece) {
            case .needMore: break
            case .prelude(let value, let rest): found = value; output += rest
            case .body(let rest): output += rest
            }
        }
        return (found, output)
    }

    func testEverySplitPoint() {
        let all = prelude + body
        for cut in 0...all.count {
            let (found, output) = scan([Array(all[..<cut]), Array(all[cut...])])
            XCTAssertEqual(found?.statusCode, 404, "cut at \(cut)")
            XCTAssertEqual(found?.cookies, ["s=1"])
            XCTAssertEqual(output, body, "cut at \(cut)")
        }
        let (found, output) = scan(all.map { [$0] })
        XCTAssertEqual(found?.headers.first?.0, "x-a")
        XCTAssertEqual(output, body)
    }

    func testFewerThanEightNULsAreNotASeparator() {
        var scanner = HTTPIntegrationPreludeScanner()
        XCTAssertEqual(scanner.feed(Array("{}".utf8) + [0, 0, 0, 0, 0, 0, 0]), .needMore)
        XCTAssertFalse(scanner.isComplete)
    }

    func testBufferedReplyRules() {
        let shaped = FunctionURLReply.buffered(payload: Array(#"{"statusCode":201,"body":"x","cookies":["c=1"]}"#.utf8))
        XCTAssertEqual(shaped.status, 201)
        XCTAssertEqual(shaped.body, Array("x".utf8))
        XCTAssertEqual(shaped.cookies, ["c=1"])
        let other = FunctionURLReply.buffered(payload: Array(#"{"hello":"world"}"#.utf8))
        XCTAssertEqual(other.status, 200)
        XCTAssertEqual(other.body, Array(#"{"hello":"world"}"#.utf8))
        XCTAssertEqual(other.headers.first?.1, "application/json")
    }

    /// A header whose value is an object reads as sorted JSON, the same on every read: its description
    /// listed the keys in hash order, so fuzzing saw two reads of one prelude disagree.
    func testObjectHeaderValueIsStableJSON() {
        let json = Array(#"{"headers":{"x-o":{"b":1,"a":[true,null],"c":"s"}}}"#.utf8)
        let first = HTTPIntegrationPrelude(json: json)
        XCTAssertEqual(first?.headers.first?.1, #"{"a":[true,null],"b":1,"c":"s"}"#)
        for _ in 0..<20 { XCTAssertEqual(HTTPIntegrationPrelude(json: json), first) }
    }

    /// Past the limit without a separator the scanner gives up at the same byte however the stream was
    /// cut, and passes every byte on as body.
    func testLimitIsTheSameForAnyChunking() {
        let stream = [UInt8](repeating: UInt8(ascii: "x"), count: HTTPIntegrationPreludeScanner.limit + 10) + [UInt8](repeating: 0, count: 8) + Array("tail".utf8)
        let (wholePrelude, wholeBody) = scan([stream])
        XCTAssertNil(wholePrelude)
        XCTAssertEqual(wholeBody, stream)
        let pieces = stride(from: 0, to: stream.count, by: 4096).map { Array(stream[$0..<min(stream.count, $0 + 4096)]) }
        let (chunkedPrelude, chunkedBody) = scan(pieces)
        XCTAssertNil(chunkedPrelude)
        XCTAssertEqual(chunkedBody, stream)
    }
}
