import Foundation
import LambdaTestSupport
import XCTest

/// `serve --watch`: edits reload the function, in-flight invocations finish on the old code, a
/// broken edit keeps the old code serving, and nothing (process or copied folder) outlives serve.
/// Every wait is on an event: a line serve prints, or a file the test creates.
final class WatchServeTests: XCTestCase {
    /// A Runtime API client in sh (curl): answers each event with `answer.txt` as it reads it
    /// when the response is due. The event `"slow"` first logs `slow started` and waits until the
    /// file `$GO_FILE` exists, so a test can edit the code while that invocation is running.
    static let bootstrap = """
        #!/bin/sh
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
        while :; do
          headers=$(mktemp)
          event=$(curl -sS -D "$headers" "$api/next") || exit 1
          id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | cut -d: -f2 | tr -d ' \\r')
          rm -f "$headers"
          if [ "$event" = '"slow"' ]; then
            echo "slow started"
            while [ ! -e "$GO_FILE" ]; do sleep 0.05; done
          fi
          curl -sS -o /dev/null -X POST --data-binary @answer.txt "$api/$id/response"
        done

        """

    func function(answer: String) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("lambdactl-watch")
        try dir.write("fn/bootstrap", Self.bootstrap, mode: 0o755)
        try dir.write("fn/answer.txt", answer)
        return dir
    }

    func invoke(_ serve: ServeHarness, _ body: String = "{}") throws -> String {
        try LambdaTestSupport.run("curl", ["-sS", "-d", body, "\(serve.base)/2015-03-31/functions/function/invocations"]).stdout
    }

    /// The folders this serve unpacked or copied into the temp directory.
    func workFolders(_ serve: ServeHarness) -> [String] {
        let prefix = "lambdactl-serve-\(serve.pid)-"
        return ((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix(prefix) }
    }

    /// Waits (bounded) for the kernel and the pool to catch up with a condition on the file system.
    func eventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() && Date() < deadline { usleep(20_000) }
        return condition()
    }

    func stop(_ serve: ServeHarness, file: StaticString = #filePath, line: UInt = #line) {
        serve.stop(file: file, line: line)
        XCTAssertEqual(workFolders(serve), [], "serve left its copies of the function behind", file: file, line: line)
    }

    func testEditReloadsAndTheNextInvocationRunsTheNewCode() throws {
        let dir = try function(answer: "A")
        defer { dir.remove() }
        let serve = try ServeHarness(["--dir", dir.path + "/fn", "--watch"])
        defer { stop(serve) }
        XCTAssertTrue(serve.stdout.contains("Watching:      \(dir.path)/fn (inotify)"), serve.stdout)
        XCTAssertEqual(try invoke(serve), "A")

        try dir.write("fn/answer.txt", "B")
        XCTAssertTrue(serve.waitForOutput { $0.contains("reloaded in") }, "no reload line:\n\(serve.stdout)\n\(serve.stderr)")
        XCTAssertNotNil(serve.stdout.range(of: #"lambdactl serve: reloaded in \d+\.\d s \(1 file changed\)"#, options: .regularExpression), serve.stdout)
        XCTAssertEqual(try invoke(serve), "B")
        XCTAssertEqual(serve.count("REPORT RequestId"), 2)
        XCTAssertEqual(serve.count("Init Duration"), 2, "the invocation after the reload is a cold start:\n\(serve.stdout)")
        // The first copy is gone once its environment ended; only the current one is left.
        XCTAssertTrue(eventually { workFolders(serve).count == 1 }, "old copies not removed: \(workFolders(serve))")

        // A folder made after start is watched too: a file in it, then an edit of that file.
        try dir.write("fn/lib/deeper/data.txt", "1")
        XCTAssertTrue(serve.waitForOutput { $0.components(separatedBy: "reloaded in").count == 3 }, serve.stdout)
        try dir.write("fn/lib/deeper/data.txt", "2")
        XCTAssertTrue(serve.waitForOutput { $0.components(separatedBy: "reloaded in").count == 4 }, "an edit in a new folder was missed:\n\(serve.stdout)")
        // Editor droppings and build output do not reload.
        try dir.write("fn/.answer.txt.swp", "x")
        try dir.write("fn/4913", "x")
        try dir.write("fn/.build/debug/x.o", "x")
        try dir.write("fn/answer.txt", "C")
        XCTAssertTrue(serve.waitForOutput { $0.components(separatedBy: "reloaded in").count == 5 }, serve.stdout)
        let last = serve.stdout.split(separator: "\n").last { $0.contains("reloaded in") }
        XCTAssertTrue(last?.hasSuffix("(1 file changed)") == true, "ignored files were counted: \(serve.stdout)")
        XCTAssertEqual(try invoke(serve), "C")
    }

    func testABrokenEditKeepsTheOldCodeServing() throws {
        let dir = try function(answer: "A")
        defer { dir.remove() }
        let serve = try ServeHarness(["--dir", dir.path + "/fn", "--watch"])
        defer { stop(serve) }
        XCTAssertEqual(try invoke(serve), "A")

        try dir.write("fn/answer.txt", "B")
        chmod(dir.path + "/fn/bootstrap", 0o644)
        XCTAssertTrue(serve.waitForOutput { $0.contains("reload failed") }, "no failure line:\n\(serve.stdout)\n\(serve.stderr)")
        XCTAssertTrue(serve.stdout.contains("still serving the previous code"), serve.stdout)
        // The error serve prints at start for the same folder, with its fix.
        XCTAssertTrue(serve.waitForError { $0.contains("error: '") && $0.contains("is not executable") && $0.contains("chmod 755") }, serve.stderr)
        XCTAssertTrue(serve.stderr.contains("run `chmod 755 \(dir.path)/fn/bootstrap`"), "the fix names the user's file, not serve's copy: \(serve.stderr)")
        XCTAssertEqual(try invoke(serve), "A", "the old code keeps answering")
        XCTAssertEqual(workFolders(serve).count, 1, "the refused copy was not removed: \(workFolders(serve))")

        chmod(dir.path + "/fn/bootstrap", 0o755)
        XCTAssertTrue(serve.waitForOutput { $0.contains("reloaded in") }, "the fix was not picked up:\n\(serve.stdout)\n\(serve.stderr)")
        XCTAssertEqual(try invoke(serve), "B")
    }

    func testAnInFlightInvocationFinishesOnTheOldCode() throws {
        let dir = try function(answer: "A")
        defer { dir.remove() }
        let go = dir.path + "/go"
        let serve = try ServeHarness(["--dir", dir.path + "/fn", "--watch", "--timeout", "60", "--env", "GO_FILE=\(go)"])
        defer { stop(serve) }
        let slow = try TimedOutput("curl", ["-sS", "-d", #""slow""#, "\(serve.base)/2015-03-31/functions/function/invocations"])
        defer { slow.process.stop() }
        XCTAssertTrue(serve.waitForOutput { $0.contains("] slow started") }, serve.stdout)

        try dir.write("fn/answer.txt", "B")
        XCTAssertTrue(serve.waitForOutput { $0.contains("reloaded in") }, "no reload line:\n\(serve.stdout)\n\(serve.stderr)")
        // Queued behind the slow one (concurrency 1): it will start on the new code.
        let queued = try TimedOutput("curl", ["-sS", "-d", "{}", "\(serve.base)/2015-03-31/functions/function/invocations"])
        defer { queued.process.stop() }
        try dir.write("go", "")
        XCTAssertEqual(slow.wait(), 0, slow.stderr)
        XCTAssertEqual(slow.text, "A", "the invocation running during the reload reads the old files")
        XCTAssertEqual(queued.wait(), 0, queued.stderr)
        XCTAssertEqual(queued.text, "B")
        XCTAssertEqual(try invoke(serve), "B")
        XCTAssertEqual(serve.count("Init Duration"), 2, serve.stdout)
        XCTAssertTrue(eventually { workFolders(serve).count == 1 }, "old copies not removed: \(workFolders(serve))")
    }

    func testPollingFallbackReloadsToo() throws {
        let dir = try function(answer: "A")
        defer { dir.remove() }
        let serve = try ServeHarness(["--dir", dir.path + "/fn", "--watch"], environment: ["LAMBDACTL_WATCH_POLL": "1"])
        defer { stop(serve) }
        XCTAssertTrue(serve.stdout.contains("(polling)"), serve.stdout)
        XCTAssertEqual(try invoke(serve), "A")
        // Another size than before: a scan cannot miss it even within the clock's tick.
        try dir.write("fn/answer.txt", "polled")
        XCTAssertTrue(serve.waitForOutput { $0.contains("reloaded in") }, "no reload line:\n\(serve.stdout)\n\(serve.stderr)")
        XCTAssertEqual(try invoke(serve), "polled")
        // A chmod alone is a change too (the stamp includes the mode).
        chmod(dir.path + "/fn/bootstrap", 0o644)
        XCTAssertTrue(serve.waitForOutput { $0.contains("reload failed") }, serve.stdout)
        XCTAssertEqual(try invoke(serve), "polled")
    }

    func testProjectBuildDirIsWatched() throws {
        let dir = try function(answer: "A")
        defer { dir.remove() }
        try dir.write("lambdactl.toml", "[function]\nname = \"watched\"\n\n[build]\ndir = \"fn\"\n")
        let serve = try ServeHarness(["--watch"], directory: dir.path)
        defer { stop(serve) }
        XCTAssertTrue(serve.stdout.contains("Watching:      fn (inotify)"), serve.stdout)
        XCTAssertEqual(try LambdaTestSupport.run("curl", ["-sS", "-d", "{}", "\(serve.base)/2015-03-31/functions/watched/invocations"]).stdout, "A")
        try dir.write("fn/answer.txt", "B")
        XCTAssertTrue(serve.waitForOutput { $0.contains("reloaded in") }, serve.stdout)
        XCTAssertEqual(try LambdaTestSupport.run("curl", ["-sS", "-d", "{}", "\(serve.base)/2015-03-31/functions/watched/invocations"]).stdout, "B")
    }

    func testWatchWithAZipABinaryOrNothingToWatchIsAUsageError() throws {
        let dir = try function(answer: "A")
        defer { dir.remove() }
        let zip = try LambdaTestSupport.run(Paths.lambdactl, ["serve", dir.path + "/function.zip", "--watch"])
        XCTAssertEqual(zip.status, 64, zip.transcript)
        XCTAssertTrue(zip.stderr.contains("--watch follows a folder, not a zip") && zip.stderr.contains("--dir PATH --watch"), zip.transcript)
        let binary = try LambdaTestSupport.run(Paths.lambdactl, ["serve", "--binary", dir.path + "/fn/bootstrap", "--watch"])
        XCTAssertEqual(binary.status, 64, binary.transcript)
        XCTAssertTrue(binary.stderr.contains("--watch follows a folder, not one executable"), binary.transcript)
        try dir.write("neither/lambdactl.toml", "[function]\nname = \"words\"\n")
        let neither = try LambdaTestSupport.run(Paths.lambdactl, ["serve", "--watch"], currentDirectory: dir.path + "/neither")
        XCTAssertEqual(neither.status, 64, neither.transcript)
        XCTAssertTrue(neither.stderr.contains("--dir PATH") && neither.stderr.contains("[build] product"), neither.transcript)
    }

    /// A Swift product, `bootstrap`, that sets ANSWER and hands over to the sh Runtime API client
    /// above: its answer lives in Swift source, so an edit only shows after a rebuild. It needs no
    /// package, so SwiftPM builds it in seconds.
    static func swiftMain(answer: String) -> String {
        """
        #if canImport(Glibc)
        import Glibc
        #endif
        setenv("ANSWER", "\(answer)", 1)
        let script = \"\"\"
        \(bootstrap.replacingOccurrences(of: "--data-binary @answer.txt", with: "--data-binary \"$ANSWER\""))
        \"\"\"
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("sh"), strdup("-c"), strdup(script), nil]
        execv("/bin/sh", arguments)
        perror("execv /bin/sh")
        exit(127)

        """
    }

    /// `serve --watch` in a project with `[build] product`: it packages the product before it
    /// listens, rebuilds it after an edit of its source and serves the new build; a change that
    /// does not compile keeps the last good build serving.
    func testSwiftProductIsRebuiltAndReloaded() throws {
        let dir = try TemporaryDirectory("lambdactl-watch-swift")
        defer { dir.removeIncludingSwiftPMLocks() }
        try dir.write("Package.swift", """
            // swift-tools-version:6.0
            import PackageDescription
            let package = Package(name: "words", targets: [.executableTarget(name: "bootstrap")])

            """)
        try dir.write("Sources/bootstrap/main.swift", Self.swiftMain(answer: "A"))
        try dir.write("lambdactl.toml", "[function]\nname = \"words\"\n\n[build]\nproduct = \"bootstrap\"\n")
        let serve = try ServeHarness(["--watch", "--name", "function"], directory: dir.path, startTimeout: 600)
        defer { stop(serve) }
        XCTAssertTrue(serve.stderr.contains("building 'bootstrap' (lambdactl package)"), serve.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.path + "/.lambdactl/words.zip"), "package writes the project's zip")
        XCTAssertEqual(try invoke(serve), "A")

        try dir.write("Sources/bootstrap/main.swift", Self.swiftMain(answer: "B"))
        XCTAssertTrue(serve.waitForOutput(timeout: 600) { $0.contains("lambdactl serve: reloaded in") }, serve.stdout + serve.stderr)
        XCTAssertEqual(try invoke(serve), "B")

        try dir.write("Sources/bootstrap/main.swift", "this is not Swift\n")
        XCTAssertTrue(serve.waitForOutput(timeout: 600) { $0.contains("reload failed") }, serve.stdout + serve.stderr)
        XCTAssertTrue(serve.waitForError { $0.contains("lambdactl package exited with status") }, serve.stderr)
        XCTAssertEqual(try invoke(serve), "B", "a build that fails keeps the last good one serving")
    }
}
