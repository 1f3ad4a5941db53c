import Foundation
import LambdaTestSupport
import XCTest

/// Where `init` takes LambdaRuntime from, judged by SwiftPM itself: the project a user gets outside
/// the checkout resolves the runtime package and nothing else.
final class InitRuntimeSourceTests: XCTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory("lambdactl-init-runtime") }
    override func tearDown() { dir?.removeIncludingSwiftPMLocks() }

    /// The runtime package as it is in this checkout (root Package.swift, Sources, Tests), copied to
    /// `folder`: what a clone of the repository holds at the root.
    private func copyRuntimePackage(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources", "Tests"] {
            try FileManager.default.copyItem(at: Paths.repositoryRoot.appendingPathComponent(item),
                                             to: URL(fileURLWithPath: folder).appendingPathComponent(item))
        }
    }

    private func lambdactlVersion() throws -> String {
        try runProcess(Paths.lambdactl, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func git(_ arguments: [String], in folder: String) throws {
        let result = try runProcess("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"] + arguments,
                                    currentDirectory: folder)
        XCTAssertEqual(result.status, 0, result.transcript)
    }

    /// The dependencies `swift package show-dependencies --format json` lists for a project.
    private func dependencies(of project: String) throws -> [[String: Any]] {
        let shown = try runProcess("swift", ["package", "--package-path", project, "show-dependencies", "--format", "json"])
        XCTAssertEqual(shown.status, 0, shown.transcript)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], shown.stdout)
        return json["dependencies"] as? [[String: Any]] ?? []
    }

    /// What a user outside the checkout does: the repository, tagged with lambdactl's version, served
    /// by git; `init --runtime-url`; a build. SwiftPM resolves exactly one package, and it has no
    /// dependencies of its own.
    func testProjectFromAGitTagResolvesOnlyTheRuntime() throws {
        let source = dir.path + "/source"
        try copyRuntimePackage(to: source)
        let version = try lambdactlVersion()
        try git(["init", "-q"], in: source)
        try git(["add", "."], in: source)
        try git(["commit", "-q", "-m", "runtime"], in: source)
        try git(["tag", version], in: source)
        try git(["clone", "-q", "--bare", source, dir.path + "/lambdactl.git"], in: dir.path)
        let url = "file://" + dir.path + "/lambdactl.git"

        let project = dir.path + "/words"
        let created = try runProcess(Paths.lambdactl, ["init", "words", "--runtime-url", url, "--output-dir", project])
        XCTAssertEqual(created.status, 0, created.transcript)
        XCTAssertTrue(created.stdout.contains(#"LambdaRuntime: .package(url: "\#(url)", from: "\#(version)")"#), created.stdout)

        let dependencies = try dependencies(of: project)
        XCTAssertEqual(dependencies.count, 1, "\(dependencies)")
        // SwiftPM shows a file:// URL as its path.
        XCTAssertEqual(dependencies.first?["url"] as? String, URL(string: url)?.path)
        XCTAssertEqual(dependencies.first?["version"] as? String, version)
        XCTAssertEqual((dependencies.first?["dependencies"] as? [Any])?.count, 0, "the runtime package depends on nothing")

        let build = try runProcess("swift", ["build", "--package-path", project, "--product", "bootstrap"])
        XCTAssertEqual(build.status, 0, build.transcript)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: project + "/.build/debug/bootstrap"), build.transcript)
        // The resolved version is part of the project (not ignored), so that git keeps it.
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/Package.resolved"))
        try git(["init", "-q"], in: project)
        // The project's rules only: this machine's /etc/gitignore happens to ignore Package.resolved.
        let ignored = try runProcess("git", ["-c", "core.excludesFile=/dev/null", "check-ignore", "-q", "--no-index", "Package.resolved"],
                                     currentDirectory: project)
        XCTAssertEqual(ignored.status, 1, "Package.resolved must not be ignored: \(ignored.transcript)")
    }

    /// A checkout beside the project is written as a relative path, so both can move together; SwiftPM
    /// resolves it under the checkout folder's name.
    func testRuntimePathBesideTheProjectIsRelative() throws {
        try copyRuntimePackage(to: dir.path + "/my-lambdactl")
        let project = dir.path + "/fn"
        let created = try runProcess(Paths.lambdactl, ["init", "fn", "--runtime-path", dir.path + "/my-lambdactl", "--output-dir", project])
        XCTAssertEqual(created.status, 0, created.transcript)
        let manifest = try String(contentsOfFile: project + "/Package.swift", encoding: .utf8)
        XCTAssertTrue(manifest.contains(#".package(path: "../my-lambdactl")"#), manifest)
        XCTAssertTrue(manifest.contains(#".product(name: "LambdaRuntime", package: "my-lambdactl")"#), manifest)
        let dependencies = try dependencies(of: project)
        XCTAssertEqual(dependencies.map { $0["identity"] as? String }, ["my-lambdactl"])
    }

    /// The environment names the source when no flag does; a flag wins over it.
    func testEnvironmentAndFlagsChooseTheSource() throws {
        let environment = ["LAMBDACTL_RUNTIME_URL": "https://example.com/forks/runtime.git", "LAMBDACTL_RUNTIME_VERSION": "1.2.3"]
        let fromEnvironment = try runProcess(Paths.lambdactl, ["init", "a", "--output-dir", dir.path + "/a"], environment: environment)
        XCTAssertEqual(fromEnvironment.status, 0, fromEnvironment.transcript)
        let manifest = try String(contentsOfFile: dir.path + "/a/Package.swift", encoding: .utf8)
        XCTAssertTrue(manifest.contains(#".package(url: "https://example.com/forks/runtime.git", from: "1.2.3")"#), manifest)
        XCTAssertTrue(manifest.contains(#"package: "runtime")"#), "a git dependency is named after its URL:\n\(manifest)")

        let fromFlag = try runProcess(Paths.lambdactl, ["init", "b", "--output-dir", dir.path + "/b", "--runtime-version", "2.0.0"], environment: environment)
        XCTAssertEqual(fromFlag.status, 0, fromFlag.transcript)
        let flagged = try String(contentsOfFile: dir.path + "/b/Package.swift", encoding: .utf8)
        XCTAssertTrue(flagged.contains(#".package(url: "https://github.com/lambdactl/lambdactl", from: "2.0.0")"#), flagged)
    }

    /// Each bad source is exit status 2 with a message naming the fix, and nothing is written.
    func testBadSourcesAreRefusedBeforeWriting() throws {
        let cases: [([String], String)] = [
            (["--runtime-path", dir.path + "/missing"], "is not a lambdactl checkout"),
            (["--runtime-path", Paths.repositoryRoot.path, "--runtime-url", "https://example.com/x.git"], "give one or the other"),
            (["--runtime-version", "latest"], "MAJOR.MINOR.PATCH"),
        ]
        for (flags, message) in cases {
            let result = try runProcess(Paths.lambdactl, ["init", "fn", "--output-dir", dir.path + "/fn"] + flags)
            XCTAssertEqual(result.status, 2, "\(flags): \(result.transcript)")
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.transcript)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path + "/fn"), "\(flags) wrote the project")
        }
    }

    /// The project's README is its own: the commands that take it to a streaming URL, never the
    /// template's `../..` or the repository's tests.
    func testEveryTemplateGetsItsOwnReadme() throws {
        for template in ["swift-stream", "swift-url", "python-stream"] {
            let project = dir.path + "/" + template
            let created = try runProcess(Paths.lambdactl, ["init", "fn", "--template", template, "--output-dir", project])
            XCTAssertEqual(created.status, 0, created.transcript)
            let readme = try String(contentsOfFile: project + "/README.md", encoding: .utf8)
            XCTAssertTrue(readme.hasPrefix("# fn\n"), readme)
            for command in ["lambdactl package", "lambdactl serve", "lambdactl invoke --local", "lambdactl deploy", "lambdactl url-config", "lambdactl verify-url"] {
                XCTAssertTrue(readme.contains(command), "\(template): no \(command)")
            }
            XCTAssertEqual(readme.contains("lambdactl build-layer python"), template == "python-stream", template)
            // Not the template's own README (its `../..` into this repository and LAMBDACTL_RUNTIME_PATH).
            // A relative path to the checkout may appear in the project's, so the marker is the variable.
            XCTAssertFalse(readme.contains("LAMBDACTL_RUNTIME_PATH"), template)
            XCTAssertFalse(readme.contains("LambdaRuntimeTests"), template)
        }
    }
}
