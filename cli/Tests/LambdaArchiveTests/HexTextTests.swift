import LambdaArchive
import LambdaTestSupport
import XCTest

/// `HexText` writes every digest lambdactl prints or signs, so each of the 256 byte values is
/// checked against Python's `bytes.hex()`, an independent writer.
final class HexTextTests: XCTestCase {
    func testEveryByteMatchesPython() throws {
        let python = try runProcess("python3", ["-c", "print(bytes(range(256)).hex())"])
        XCTAssertEqual(python.status, 0, python.stderr)
        let expected = python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(HexText.lowercase(0...255 as ClosedRange<UInt8>), expected)

        var upper: [UInt8] = []
        for byte in 0...255 as ClosedRange<UInt8> { HexText.appendUppercase(byte, to: &upper) }
        XCTAssertEqual(String(decoding: upper, as: UTF8.self), expected.uppercased())
    }

    func testNoBytesIsTheEmptyText() {
        XCTAssertEqual(HexText.lowercase([UInt8]()), "")
    }
}
