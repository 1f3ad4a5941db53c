import LambdaArchive
import XCTest

/// PathText gives what NSString's path methods give on ordinary paths, and an answer (not a trap)
/// on the names that made Foundation trap.
final class PathTextTests: XCTestCase {
    func testOrdinaryPaths() {
        let cases: [(String, last: String, parent: String)] = [
            ("a/b", "b", "a"), ("a/b/", "b", "a"), ("/a", "a", "/"), ("a", "a", ""), ("/", "/", "/"), ("", "", ""),
            ("/var/task/lib/libx.so", "libx.so", "/var/task/lib"), ("a//b//c", "c", "a/b"), ("//x", "x", "/"),
        ]
        for (path, last, parent) in cases {
            XCTAssertEqual(PathText.lastComponent(path), last, path)
            XCTAssertEqual(PathText.parent(path), parent, path)
        }
    }

    /// `("lib///x///" as NSString).lastPathComponent` traps in swift-corelibs-foundation 6.3.
    func testNamesThatTrapFoundation() {
        for path in ["lib///x///", "a//x//", "x///", "/x//", "//x/", "lib///\u{1}@///"] {
            XCTAssertFalse(PathText.lastComponent(path).contains("/"), path)
            XCTAssertFalse(PathText.parent(path).hasSuffix("/") && PathText.parent(path) != "/", path)
        }
        XCTAssertEqual(PathText.lastComponent("lib///x///"), "x")
        XCTAssertEqual(PathText.parent("lib///x///"), "lib")
    }
}
