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

    /// "/" then a combining mark is one Swift `Character` that is not "/", yet the kernel splits
    /// there: components, absoluteness and prefixes are decided on bytes.
    func testSlashBeforeACombiningMarkIsASeparator() {
        XCTAssertEqual(PathText.components(of: "../\u{301}x"), ["..", "\u{301}x"])
        XCTAssertEqual(PathText.components(of: "t/\u{301}x//y/"), ["t", "\u{301}x", "y"])
        XCTAssertTrue(PathText.isAbsolute("/\u{301}etc"))
        XCTAssertTrue(PathText.hasTrailingSlash("x\u{600}/"))
        XCTAssertEqual(PathText.remainder(of: "./\u{301}x", after: "./"), "\u{301}x")
        XCTAssertEqual(PathText.lastComponent("a/\u{301}b"), "\u{301}b")
        XCTAssertEqual(PathText.parent("/a/\u{301}b"), "/a")
        XCTAssertTrue(PathText.isSameOrUnder("/var/task/\u{301}x", root: "/var/task"))
        XCTAssertFalse(PathText.isSameOrUnder("/var/taskforce", root: "/var/task"))
        XCTAssertNil(ZipReader.safeComponents(of: "../\u{301}pwned"))
        XCTAssertNil(ZipReader.safeComponents(of: "/\u{301}tmp/pwned"))
        XCTAssertFalse(ZipReader.symlinkStaysInside(entryComponents: ["l"], target: "../\u{301}x"))
    }
}
