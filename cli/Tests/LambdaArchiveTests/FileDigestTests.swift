import Foundation
import LambdaArchive
import LambdaTestSupport
import XCTest

/// `PackageInspector.sha256(ofFileAt:)` gives the CodeSha256 that deploy compares with AWS's, so it
/// is checked against an independent reader (coreutils' sha256sum) across block boundaries.
final class FileDigestTests: XCTestCase {
    func testDigestMatchesSha256sumAcrossBlockBoundaries() throws {
        let folder = try TemporaryDirectory("lambdactl-digest")
        defer { folder.remove() }
        let block = ZipReader.bufferSize
        for size in [0, 1, block - 1, block, block + 1, 3 * block + 17] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
            let path = try folder.write("file-\(size)", Data(bytes))
            let expected = try runProcess("sha256sum", [path]).stdout.split(separator: " ").first.map(String.init)
            let digest = try PackageInspector.sha256(ofFileAt: path).map { String(format: "%02x", $0) }.joined()
            XCTAssertEqual(digest, expected, "size \(size)")
        }
    }

    func testAnUnreadablePathNamesTheReason() {
        XCTAssertThrowsError(try PackageInspector.sha256(ofFileAt: "/nonexistent/zip.zip")) { error in
            XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
        }
    }
}
