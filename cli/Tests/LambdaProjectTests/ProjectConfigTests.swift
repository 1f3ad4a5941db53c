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
}
