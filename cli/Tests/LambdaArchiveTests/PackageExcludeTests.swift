import Foundation
import LambdaArchive
import LambdaTestSupport
import XCTest

/// `package --exclude` / `[build] exclude`: which names a pattern leaves out of the folder.
final class PackageExcludeTests: XCTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory("lambdactl-exclude")
        _ = try dir.write("fn/bootstrap", "#!/bin/sh\n", mode: 0o755)
        for file in ["README.md", "lambdactl.toml", "docs/a.md", "docs/keep.txt", "sub/README.md", "sub/docs/b.md", "notes/n.txt"] {
            _ = try dir.write("fn/" + file, "x\n")
        }
    }

    override func tearDown() { dir.remove() }

    private func names(excluding patterns: [String]) throws -> [String] {
        let spec = PackageSpec(directory: dir.file("fn"), excludes: patterns, output: dir.file("out.zip"))
        return try PackageBuilder.collect(spec).map(\.entryName).sorted()
    }

    func testANameMatchesAtAnyDepthAndAPathWithASlashFromTheTop() throws {
        XCTAssertEqual(try names(excluding: ["README.md", "lambdactl.toml", "docs/*.md", "/notes"]),
                       ["bootstrap", "docs/", "docs/keep.txt", "sub/", "sub/docs/", "sub/docs/b.md"])
    }

    func testAFolderIsLeftOutWholeAndAGlobMatchesNames() throws {
        // notes/ stays, empty: only its file matched.
        XCTAssertEqual(try names(excluding: ["docs", "*.toml", "*.txt"]),
                       ["README.md", "bootstrap", "notes/", "sub/", "sub/README.md"])
    }

    func testBootstrapAtTheTopIsNeverLeftOut() throws {
        XCTAssertTrue(try names(excluding: ["bootstrap", "*"]).contains("bootstrap"))
        XCTAssertEqual(try names(excluding: ["*"]), ["bootstrap"])
    }

    func testNoPatternsLeaveEverythingIn() throws {
        XCTAssertEqual(try names(excluding: []).count, 12)
    }
}
