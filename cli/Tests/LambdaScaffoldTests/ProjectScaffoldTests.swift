import Foundation
import LambdaArchive
import LambdaProject
import LambdaScaffold
import LambdaTestSupport
import XCTest

/// The files `lambdactl init` writes and how it writes them, without the binary: every template's
/// file list, a project file the strict reader accepts, the atomic creation and its refusals.
final class ProjectScaffoldTests: XCTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory("lambdactl-scaffold") }
    override func tearDown() { dir?.remove() }

    private func scaffold(_ template: InitTemplate, name: String = "words", folder: String? = nil,
                          source: InitRuntimeSource = .git(url: InitRuntimeSource.releasedURL, from: "1.2.3")) -> ProjectScaffold {
        ProjectScaffold(name: name, template: template, architecture: .arm64, runtimeSource: source,
                        projectFolder: folder ?? dir.file(name))
    }

    func testEveryTemplateHasItsFilesAndAProjectFileTheStrictReaderAccepts() throws {
        for template in InitTemplate.allCases {
            let files = scaffold(template).files
            let paths = files.map(\.path)
            XCTAssertEqual(Set(paths).count, paths.count, "\(template): a path twice")
            for expected in ["README.md", ".gitignore", "lambdactl.toml"] {
                XCTAssertTrue(paths.contains(expected), "\(template) lacks \(expected): \(paths)")
            }
            XCTAssertEqual(paths.filter { $0 == "README.md" }.count, 1, "the template's own README must be replaced, not added")
            let toml = try XCTUnwrap(files.first { $0.path == "lambdactl.toml" }).contents
            let config = try ProjectConfig(text: toml, path: "lambdactl.toml")
            XCTAssertEqual(config.string("function.name"), "words")
            XCTAssertEqual(config.string("function.arch"), "arm64")
            if template.isSwift {
                XCTAssertEqual(config.string("build.product"), "bootstrap")
                let manifest = try XCTUnwrap(files.first { $0.path == "Package.swift" }).contents
                XCTAssertTrue(manifest.contains(#".package(url: "https://github.com/lambdactl/lambdactl", from: "1.2.3")"#), manifest)
                XCTAssertTrue(manifest.contains(#".product(name: "LambdaRuntime", package: "lambdactl")"#), manifest)
                XCTAssertTrue(manifest.contains(#"name: "words""#), manifest)
            } else {
                XCTAssertEqual(config.string("build.dir"), ".")
                let bootstrap = try XCTUnwrap(files.first { $0.path == "bootstrap" })
                XCTAssertEqual(bootstrap.mode, 0o755)
                XCTAssertFalse(bootstrap.contents.contains("\r"), "what Lambda executes must have LF line endings")
                XCTAssertTrue(bootstrap.contents.hasPrefix("#!/bin/sh"))
            }
        }
    }

    func testAPathDependencyIsRelativeWhenTheProjectIsNearTheCheckoutAndNamedAfterItsFolder() {
        let checkout = dir.file("src/lambdactl-main")
        let nearby = scaffold(.swiftStream, folder: dir.file("src/words"), source: .path(checkout))
        XCTAssertEqual(nearby.runtimeDependency.entry, #".package(path: "../lambdactl-main")"#)
        XCTAssertEqual(nearby.runtimeDependency.identity, "lambdactl-main")
        XCTAssertTrue(nearby.files.contains { $0.path == "Package.swift" && $0.contents.contains(#"package: "lambdactl-main""#) })
        let git = scaffold(.swiftURL, source: .git(url: "https://example.com/me/Runtime.git", from: "0.9.0"))
        XCTAssertEqual(git.runtimeDependency.identity, "runtime")
    }

    func testCreateWritesEveryFileWithItsModeAndLeavesNoStagingFolder() throws {
        let target = dir.file("words")
        let scaffold = scaffold(.pythonStream)
        try scaffold.create(in: target)
        for file in scaffold.files {
            let path = target + "/" + file.path
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), file.contents, file.path)
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            XCTAssertEqual(mode & 0o777, file.mode, file.path)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["words"], "a staging folder was left beside the project")
    }

    func testCreateRefusesAFolderThatIsNotEmptyAndTouchesNothing() throws {
        let target = dir.file("words")
        _ = try dir.write("words/main.swift", "print(1)\n")
        XCTAssertThrowsError(try scaffold(.swiftStream).create(in: target)) { error in
            guard case ProjectScaffoldError.folderNotEmpty(_, let entries) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(entries, ["main.swift"])
            XCTAssertTrue("\(error)".contains("nothing was written"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), ["main.swift"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["words"])
    }

    func testAFileInTheWayOfTheParentIsReportedInPlainWords() throws {
        _ = try dir.write("blocker", "not a folder\n")
        XCTAssertThrowsError(try scaffold(.swiftStream).create(in: dir.file("blocker/words"))) { error in
            guard case ProjectScaffoldError.cannotWrite(_, let reason) = error else { return XCTFail("\(error)") }
            let text = "\(error)"
            XCTAssertFalse(text.contains("NSCocoaErrorDomain") || text.contains("could not be completed"), text)
            XCTAssertFalse(reason.isEmpty)
            XCTAssertTrue(text.contains("Check that the folder is writable"), text)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["blocker"])
    }

    func testNamesFollowLambdasRule() {
        for good in ["a", "words", "my_fn-2", String(repeating: "x", count: 64)] {
            XCTAssertTrue(ProjectScaffold.isValidName(good), good)
        }
        for bad in ["", "bad name!", "ü", "a/b", String(repeating: "x", count: 65)] {
            XCTAssertFalse(ProjectScaffold.isValidName(bad), bad)
        }
    }

    /// The Python project lists its layer in lambdactl.toml, so only build-layer names it.
    func testNextStepsBuildThePythonLayerAndQuoteAFolderWithSpaces() throws {
        let python = scaffold(.pythonStream).nextSteps(in: "my words")
        XCTAssertEqual(python[1], "  cd 'my words'")
        XCTAssertTrue(python.contains { $0.contains("lambdactl build-layer python") && $0.contains(".lambdactl/python3.11-arm64-layer.zip") })
        XCTAssertFalse(python.contains { $0.contains("--layer") }, "\(python)")
        let toml = try XCTUnwrap(scaffold(.pythonStream).files.first { $0.path == "lambdactl.toml" }).contents
        let config = try ProjectConfig(text: toml, path: "lambdactl.toml")
        XCTAssertEqual(config.strings("function.layers"), [".lambdactl/python3.11-arm64-layer.zip"])
        XCTAssertEqual(config.strings("build.exclude"), ["lambdactl.toml", ".gitignore", "README.md"])
        let url = scaffold(.swiftURL).nextSteps(in: "words")
        XCTAssertEqual(url[1], "  cd words")
        XCTAssertTrue(url.contains { $0.contains("invoke --local") && $0.hasSuffix("--url-event") })
        XCTAssertFalse(url.contains { $0.contains("build-layer") })
    }
}
