import Foundation
import LambdaProject
import XCTest

final class ProjectConfigTests: XCTestCase {
    let sample = """
    # a project
    [function]
    name = "words"
    arch = "arm64"
    memory = 256
    layers = ["layer.zip", "arn:aws:lambda:us-east-1:1:layer:x:1"]
    env = { LOG_LEVEL = "info" }

    [url]
    invoke_mode = "RESPONSE_STREAM"

    [verify]
    data = '{"sentence": "a b c"}'
    expect_lines = 3
    """

    func testReadsEveryKindAndRemembersLines() throws {
        let config = try ProjectConfig(text: sample)
        XCTAssertEqual(config.string("function.name"), "words")
        XCTAssertEqual(config.string("function.arch"), "arm64")
        XCTAssertEqual(config.integer("function.memory"), 256)
        XCTAssertEqual(config.strings("function.layers"), ["layer.zip", "arn:aws:lambda:us-east-1:1:layer:x:1"])
        XCTAssertEqual(config.table("function.env"), ["LOG_LEVEL": "info"])
        XCTAssertEqual(config.string("verify.data"), #"{"sentence": "a b c"}"#)
        XCTAssertEqual(config.lines["function.memory"], 5)
        XCTAssertEqual(config.source(of: "verify.expect_lines"), "lambdactl.toml:14")
        XCTAssertNil(config.string("function.role"))
    }

    /// A file saved with Windows line endings: "\r\n" is one Swift Character, so splitting at "\n"
    /// alone saw one line and put every key and every error on line 1.
    func testLinesAreCountedInAFileWithCRLFLineEndings() throws {
        let config = try ProjectConfig(text: "[function]\r\nname = \"x\"\r\nmemory = 256\r\n")
        XCTAssertEqual(config.source(of: "function.memory"), "lambdactl.toml:3")
        XCTAssertThrowsError(try ProjectConfig(text: "[function]\r\nname = \"x\"\r\ntimout = 30\r\n")) { error in
            XCTAssertEqual(error as? ProjectConfigError, .unknownKey(path: "lambdactl.toml", line: 3, key: "function.timout", suggestion: "function.timeout"))
        }
    }

    func testTypoIsReportedWithItsLineAndASuggestion() {
        let text = "[function]\nname = \"x\"\ntimout = 30\n"
        XCTAssertThrowsError(try ProjectConfig(text: text)) { error in
            XCTAssertEqual(error as? ProjectConfigError, .unknownKey(path: "lambdactl.toml", line: 3, key: "function.timout", suggestion: "function.timeout"))
            XCTAssertTrue("\(error)".hasPrefix("lambdactl.toml:3: unknown key 'function.timout'; did you mean 'function.timeout'?"), "\(error)")
        }
        XCTAssertThrowsError(try ProjectConfig(text: "[functon]\nname = \"x\"\n")) { error in
            XCTAssertTrue("\(error)".contains("lambdactl.toml:1: unknown table [functon]; did you mean [function]?"), "\(error)")
        }
    }

    func testWrongTypesValuesAndSyntax() {
        XCTAssertThrowsError(try ProjectConfig(text: "[function]\n\nmemory = \"lots\"\n")) { error in
            XCTAssertEqual("\(error)", "lambdactl.toml:3: 'function.memory' must be an integer.")
        }
        XCTAssertThrowsError(try ProjectConfig(text: "[function]\narch = \"amd64\"\n")) { error in
            XCTAssertEqual("\(error)", "lambdactl.toml:2: 'function.arch' is 'amd64'; use one of: x86_64, arm64.")
        }
        XCTAssertThrowsError(try ProjectConfig(text: "[function]\nname = \"unterminated\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("lambdactl.toml:2:"), "\(error)")
            XCTAssertTrue("\(error)".contains("not valid TOML"), "\(error)")
        }
    }

    func testDottedKeysAtTheTopLevelCount() throws {
        let config = try ProjectConfig(text: "function.name = \"dotted\"\naws.region = \"eu-west-1\"\n")
        XCTAssertEqual(config.string("function.name"), "dotted")
        XCTAssertEqual(config.lines["aws.region"], 2)
    }

    /// Ranges, names and conflicts are refused where the file is read, naming the line and the fix,
    /// instead of surfacing later as a flag that was never given (#15).
    func testValuesLambdaWouldRefuseAreErrorsWithTheirLine() {
        let cases: [(String, ProjectConfigError, String)] = [
            ("[function]\nmemory = 99999\n", .outOfRange(path: "lambdactl.toml", line: 2, key: "function.memory", value: 99999, range: 128...10240, unit: "MB, Lambda's memory sizes"), "use 128-10240"),
            ("[function]\n\ntimeout = 5000\n", .outOfRange(path: "lambdactl.toml", line: 3, key: "function.timeout", value: 5000, range: 1...900, unit: "seconds, Lambda's longest timeout is 15 minutes"), "use 1-900"),
            ("[function]\ntimeout = 0\n", .outOfRange(path: "lambdactl.toml", line: 2, key: "function.timeout", value: 0, range: 1...900, unit: "seconds, Lambda's longest timeout is 15 minutes"), "use 1-900"),
            ("[function]\nname = \"bad name!\"\n", .invalidName(path: "lambdactl.toml", line: 2, value: "bad name!"), "1-64 letters, digits"),
            ("[function]\nname = \"\(String(repeating: "a", count: 65))\"\n", .invalidName(path: "lambdactl.toml", line: 2, value: String(repeating: "a", count: 65)), "1-64"),
            ("[build]\ndir = \"code\"\nproduct = \"words\"\n", .conflict(path: "lambdactl.toml", line: 3, keys: ["build.dir", "build.product"]), "keep one"),
            ("[function]\nephemeral_storage = 256\n", .outOfRange(path: "lambdactl.toml", line: 2, key: "function.ephemeral_storage", value: 256, range: 512...10240, unit: "MB of /tmp, Lambda's range"), "use 512-10240"),
            ("[verify]\nexpect_status = 42\n", .outOfRange(path: "lambdactl.toml", line: 2, key: "verify.expect_status", value: 42, range: 100...599, unit: "an HTTP status"), "use 100-599"),
        ]
        for (text, expected, fix) in cases {
            XCTAssertThrowsError(try ProjectConfig(text: text), text) { error in
                XCTAssertEqual(error as? ProjectConfigError, expected, text)
                XCTAssertTrue("\(error)".contains(fix), "\(error)")
            }
        }
        XCTAssertNoThrow(try ProjectConfig(text: "[function]\nname = \"A-b_9\"\nmemory = 10240\ntimeout = 900\n"))
    }

    /// A file named by LAMBDACTL_CONFIG must exist, and its relative paths are its folder's.
    func testANamedFileMustExistAndItsPathsAreItsFolders() throws {
        let folder = NSTemporaryDirectory() + "lambdactl-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertThrowsError(try ProjectConfig.load(path: folder + "/sub/none.toml", required: true)) { error in
            XCTAssertEqual(error as? ProjectConfigError, .missing(path: folder + "/sub/none.toml"))
            XCTAssertTrue("\(error)".contains("unset LAMBDACTL_CONFIG"), "\(error)")
        }
        XCTAssertNil(try ProjectConfig.load(path: folder + "/sub/none.toml"), "./lambdactl.toml may be absent")
        let file = folder + "/sub/lambdactl.toml"
        try """
        [function]
        layers = ["layers/python.zip", "/abs/l.zip", "arn:aws:lambda:us-east-1:1:layer:x:1"]
        [build]
        dir = "code"
        include = ["assets", "../shared"]
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let config = try XCTUnwrap(ProjectConfig.load(path: file, required: true))
        XCTAssertEqual(config.string("build.dir"), folder + "/sub/code")
        XCTAssertEqual(config.strings("build.include"), [folder + "/sub/assets", folder + "/sub/../shared"])
        XCTAssertEqual(config.strings("function.layers"), [folder + "/sub/layers/python.zip", "/abs/l.zip", "arn:aws:lambda:us-east-1:1:layer:x:1"])
        // In the current folder, nothing changes.
        XCTAssertEqual(try ProjectConfig(text: "[build]\ndir = \"code\"\n").string("build.dir"), "code")
    }
}

/// The one spelling suggester behind every "did you mean".
final class SpellingSuggestionTests: XCTestCase {
    func testDistancesAndChoices() {
        XCTAssertEqual(SpellingSuggestion.editDistance(Array("pakage"), Array("package")), 1)
        XCTAssertEqual(SpellingSuggestion.editDistance(Array("tial"), Array("tail")), 1, "an adjacent swap is one edit")
        XCTAssertEqual(SpellingSuggestion.editDistance(Array(""), Array("abc")), 3)
        XCTAssertEqual(SpellingSuggestion.closest(to: "timout", among: ["memory", "timeout", "name"]), "timeout")
        XCTAssertNil(SpellingSuggestion.closest(to: "xyzzy", among: ["memory", "timeout"]))
        XCTAssertEqual(SpellingSuggestion.closest(to: "verfy-url", among: ["verify-url", "url-config"]) { max(2, $0.count / 3) }, "verify-url")
    }
}
