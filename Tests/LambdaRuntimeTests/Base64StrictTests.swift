import Foundation
import LambdaRuntime
import LambdaTestSupport
import XCTest

/// `Base64.decode` by RFC 4648 section 4 with no leniency, against Python's `base64` module as the
/// independent encoder and (with `validate=True`) the independent judge of the alphabet and padding.
final class Base64StrictTests: XCTestCase {
    /// Not canonical base64, each for one reason. `python` is false where Python's strict mode still
    /// accepts it (it does not check that pad bits are zero).
    static let rejected: [(text: String, python: Bool)] = [
        ("A", true), ("AB", true), ("ABC", true), ("ABCDE", true),   // length not a multiple of 4
        ("A===", true), ("====", true), ("=AAA", true),              // padding in the wrong place
        ("AB=C", true), ("AA==AA==", true), ("AAA=AAAA", true),      // data after padding
        ("AB==", false), ("AAB=", false),                            // non-zero pad bits
        ("AA-_", true), ("AA*A", true), ("AAÉA", true),              // outside the alphabet
        ("QUJD\n", true), (" QUJD", true), ("QU JD", true),          // whitespace
    ]

    func testRejectsNonCanonicalText() throws {
        for (text, _) in Self.rejected {
            XCTAssertNil(Base64.decode(text), text.debugDescription)
            XCTAssertNil(Base64.decode(bytes: Array(text.utf8)), text.debugDescription)
        }
        XCTAssertEqual(Base64.decode(""), [])
        XCTAssertEqual(Base64.decode("AA=="), [0])
        XCTAssertEqual(Base64.decode("AAA="), [0, 0])
        XCTAssertEqual(Base64.decode("+/+/"), [0xFB, 0xFF, 0xBF])

        let script = """
        import base64, binascii, sys
        for line in sys.stdin.read().split("\\n"):
            try:
                base64.b64decode(bytes.fromhex(line), validate=True)
                print("ok")
            except (binascii.Error, ValueError):
                print("error")
        """
        let cases = Self.rejected.filter(\.python).map(\.text)
        let input = cases.map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
        let result = try LambdaTestSupport.run("python3", ["-c", script], input: Data(input.utf8))
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertEqual(result.stdout.split(separator: "\n").map(String.init), Array(repeating: "error", count: cases.count),
                       "Python accepts one of \(cases)")
    }

    /// Python encodes bytes of every length 0 to 64 with every pad case; we decode them exactly.
    func testDecodesWhatPythonEncodes() throws {
        let script = """
        import base64, random
        rng = random.Random(4648)
        for n in range(65):
            data = bytes(rng.randrange(256) for _ in range(n))
            print(data.hex() + " " + base64.b64encode(data).decode())
        """
        let result = try LambdaTestSupport.run("python3", ["-c", script])
        XCTAssertEqual(result.status, 0, result.transcript)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 65)
        for line in lines {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let hex = parts[0], text = parts.count > 1 ? parts[1] : ""
            let expected = stride(from: 0, to: hex.count, by: 2).map { offset -> UInt8 in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
            }
            XCTAssertEqual(Base64.decode(text), expected, text)
            XCTAssertEqual(Base64.encode(expected), text)
        }
    }
}
