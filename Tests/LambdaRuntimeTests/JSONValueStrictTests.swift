import Foundation
import LambdaRuntime
import LambdaTestSupport
import XCTest

/// `JSONValue.parse` against RFC 8259 with hostile inputs: each rejection at its exact byte offset,
/// each acceptance with its exact value, and Python's `json` module as the independent reader that
/// must agree on which texts are JSON at all.
final class JSONValueStrictTests: XCTestCase {
    /// Texts that are not JSON: the offset of the first wrong byte and a word of the reason.
    /// `python` is false where Python's reader is knowingly more lenient (noted per line).
    static let rejected: [(bytes: [UInt8], offset: Int, reason: String, python: Bool)] = [
        (Array("+1".utf8), 0, "unexpected character", true),
        (Array("01".utf8), 1, "leading zero", true),
        (Array("-01".utf8), 2, "leading zero", true),
        (Array("1.".utf8), 2, "after the decimal point", true),
        (Array(".5".utf8), 0, "unexpected character", true),
        (Array("-".utf8), 1, "needs a digit", true),
        (Array("1e".utf8), 2, "exponent", true),
        (Array("1e+".utf8), 3, "exponent", true),
        (Array("1.e5".utf8), 2, "after the decimal point", true),
        (Array("0x10".utf8), 1, "unexpected text after", true),
        (Array("NaN".utf8), 0, "unexpected character", true),
        (Array("Infinity".utf8), 0, "unexpected character", true),
        (Array("-Infinity".utf8), 1, "needs a digit", true),
        (Array("1e400".utf8), 0, "too large", false),  // Python reads it as inf
        (Array("tru".utf8), 0, "expected true", true),
        (Array("nul".utf8), 0, "expected null", true),
        (Array("".utf8), 0, "unexpected end of input", true),
        (Array("   ".utf8), 3, "unexpected end of input", true),
        (Array("[1,]".utf8), 3, "unexpected character", true),
        (Array("[1 2]".utf8), 3, "expected , or ]", true),
        (Array("[1".utf8), 2, "unterminated array", true),
        (Array(#"{"a":1,}"#.utf8), 7, "expected a member name", true),
        (Array(#"{"a" 1}"#.utf8), 5, "expected :", true),
        (Array(#"{"a":1"#.utf8), 6, "unterminated object", true),
        (Array("{'a':1}".utf8), 1, "expected a member name", true),
        (Array("[1] x".utf8), 4, "unexpected text after", true),
        (Array("\"abc".utf8), 4, "unterminated string", true),
        (Array(#""\x""#.utf8), 1, "unknown escape", true),
        (Array(#""\u12""#.utf8), 5, "four hex digits", true),
        (Array(#""\u12"#.utf8), 5, "unterminated \\u escape", true),
        (Array(#""\ud800\u12""#.utf8), 11, "four hex digits", true),
        (Array(#""\"#.utf8), 2, "unterminated escape", true),
        ([0x22, 0x61, 0x01, 0x62, 0x22], 2, "raw control character 0x1", true),
        ([0x22, 0x09, 0x22], 1, "raw control character 0x9", true),
        ([0x22, 0x0A, 0x22], 1, "raw control character 0xa", true),
        ([0x22, 0x00, 0x22], 1, "raw control character 0x0", true),
        ([0x22, 0xC0, 0x80, 0x22], 1, "invalid UTF-8", true),              // overlong NUL
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1, "invalid UTF-8", true),        // encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "invalid UTF-8", true),  // past U+10FFFF
        ([0x22, 0x61, 0xE2, 0x82, 0x22], 2, "invalid UTF-8", true),        // cut sequence
        ([0x22, 0x80, 0x22], 1, "invalid UTF-8", true),                    // lone continuation
        ([0x22, 0xFF, 0x22], 1, "invalid UTF-8", true),
        ([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], 0, "byte order mark", true),
        ([0x5B, 0xC3, 0xA9, 0x5D], 1, "unexpected character", true),       // text outside a string
    ]

    /// Texts that are JSON, with the value each must give. Python must accept them too.
    static let accepted: [(text: String, value: JSONValue)] = [
        (#"{"sentence":"\ud800\u0041"}"#, .object([("sentence", .string("\u{FFFD}A"))])),
        (#""\ud800""#, .string("\u{FFFD}")),
        (#""\udc00""#, .string("\u{FFFD}")),
        (#""\udc00\ud800""#, .string("\u{FFFD}\u{FFFD}")),
        (#""\ud800\ud800\udc00""#, .string("\u{FFFD}\u{10000}")),
        (#""\ud800\n""#, .string("\u{FFFD}\n")),
        (#""\ud83d\ude00""#, .string("😀")),
        (#""\udbff\udfff""#, .string("\u{10FFFF}")),
        (#""\u0000\u001f\u00e9""#, .string("\u{0}\u{1F}é")),
        (#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{8}\u{C}\n\r\t")),
        ("\"é😀\u{7F}\"", .string("é😀\u{7F}")),
        ("-0", .number(-0.0)),
        ("0", .number(0)),
        ("-12.5e1", .number(-125)),
        ("1E+2", .number(100)),
        ("0.5e-3", .number(0.0005)),
        ("1e-400", .number(0)),
        (" \t\r\n[ ]\n", .array([])),
        (#"{"a":1,"a":2}"#, .object([("a", .number(1)), ("a", .number(2))])),
        ("[true,false,null,{}]", .array([.bool(true), .bool(false), .null, .object([])])),
    ]

    func testRejectsEveryNonJSONTextAtTheRightOffset() {
        for (bytes, offset, reason, _) in Self.rejected {
            let label = String(decoding: bytes, as: UTF8.self).debugDescription
            do {
                let value = try JSONValue.parse(bytes)
                XCTFail("\(label) parsed as \(value)")
            } catch {
                XCTAssertEqual(error.offset, offset, "\(label): \(error)")
                XCTAssertTrue(error.reason.contains(reason), "\(label): \(error)")
                XCTAssertTrue(error.description.contains("send a valid JSON document"), error.description)
            }
        }
    }

    func testAcceptsJSONWithExactValues() throws {
        for (text, expected) in Self.accepted {
            XCTAssertEqual(try JSONValue.parse(text), expected, text)
        }
        XCTAssertEqual(try JSONValue.parse(#"{"a":1,"a":2}"#)["a"], .number(2))
        XCTAssertEqual(try JSONValue.parse("-0").doubleValue?.sign, .minus)
    }

    /// Python's `json.loads` (NaN and Infinity turned off, as RFC 8259 has neither) decides the same
    /// for every table entry and for every prefix of every entry: prefixes are where a reader that
    /// trusts lengths would read past the end.
    func testPythonAgreesOnWhatIsJSONIncludingEveryPrefix() throws {
        var cases: [[UInt8]] = Self.rejected.filter(\.python).map(\.bytes)
        for (text, _) in Self.accepted {
            let bytes = Array(text.utf8)
            cases.append(bytes)
            // Cut at every byte, but not inside a UTF-8 sequence (Python refuses it; so do we, but
            // that case is already in the table).
            for cut in 0..<bytes.count where bytes[cut] & 0xC0 != 0x80 { cases.append(Array(bytes[..<cut])) }
        }
        let script = """
        import json, sys
        def no_constants(name): raise ValueError(name)
        for line in sys.stdin.read().split():
            data = bytes.fromhex(line[1:])
            try:
                # Decoded here so that json.loads cannot guess UTF-16/32 from NUL bytes.
                json.loads(data.decode("utf-8"), parse_constant=no_constants)
                print("ok")
            except ValueError:
                print("error")
        """
        // A leading "x" keeps the empty input a non-empty word.
        let input = cases.map { "x" + $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
        let result = try LambdaTestSupport.run("python3", ["-c", script], input: Data(input.utf8))
        XCTAssertEqual(result.status, 0, result.transcript)
        let verdicts = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(verdicts.count, cases.count, result.transcript)
        for (bytes, verdict) in zip(cases, verdicts) {
            let ours = (try? JSONValue.parse(bytes)) == nil ? "error" : "ok"
            XCTAssertEqual(ours, verdict, "\(String(decoding: bytes, as: UTF8.self).debugDescription): we say \(ours), Python says \(verdict)")
        }
    }

    /// 512 levels parse and 513 are refused, on a cooperative-pool thread like a handler's (its
    /// stack is smaller than the main thread's).
    func testNestingIsCappedWithoutExhaustingTheStack() async throws {
        let depth = JSONValue.maximumDepth
        let deepest = Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
        let tooDeep = Array(String(repeating: "[", count: depth + 1).utf8) + Array(String(repeating: "]", count: depth + 1).utf8)
        let outcome = await Task.detached { () -> (Bool, JSONValue.ParseError?) in
            let accepted = (try? JSONValue.parse(deepest)) != nil
            do { _ = try JSONValue.parse(tooDeep); return (accepted, nil) } catch { return (accepted, error as? JSONValue.ParseError) }
        }.value
        XCTAssertTrue(outcome.0, "\(depth) levels must parse")
        XCTAssertEqual(outcome.1?.offset, depth)
        XCTAssertEqual(outcome.1?.reason.contains("nesting deeper than 512"), true)
        // Unclosed nesting of any depth is an error, not a crash.
        XCTAssertThrowsError(try JSONValue.parse(Array(String(repeating: "[{\"a\":", count: 100_000).utf8)))
    }

    /// Every two-byte text over the bytes that matter to the grammar: no trap, and the one-byte
    /// texts that are JSON are exactly the digits.
    func testEveryShortInputParsesOrThrows() {
        let alphabet: [UInt8] = Array(#"0-+.eE"\u{}[],:tnf "#.utf8) + [0x00, 0x0A, 0x7F, 0x80, 0xC3, 0xED, 0xF4, 0xFF]
        var oneByteValues: [UInt8] = []
        for a in alphabet {
            if (try? JSONValue.parse([a])) != nil { oneByteValues.append(a) }
            for b in alphabet { _ = try? JSONValue.parse([a, b]) }
        }
        XCTAssertEqual(oneByteValues, [UInt8(ascii: "0")])
    }
}
