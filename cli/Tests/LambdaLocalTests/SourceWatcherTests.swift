import Foundation
@testable import LambdaLocal
import LambdaTestSupport
import Synchronization
import XCTest

/// `SourceWatcher` on its own, with inotify and by polling: one report per burst of edits,
/// ignored names left out.
final class SourceWatcherTests: XCTestCase {
    func eventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() && Date() < deadline { usleep(20_000) }
        return condition()
    }

    /// The watcher on its own: one report per burst, ignored names left out.
    func testWatcherDebouncesAndIgnoresEditorFiles() throws {
        for polling in [false, true] {
            let dir = try TemporaryDirectory("lambdactl-watcher")
            defer { dir.remove() }
            try dir.write("a.txt", "1")
            let watcher = try SourceWatcher(roots: [dir.path], polling: polling, quiet: 0.3, pollInterval: 0.1)
            XCTAssertEqual(watcher.method, polling ? .polling : .inotify)
            let changes = ReportedChanges()
            watcher.start { changes.append($0) }
            try dir.write(".git/index", "x")
            try dir.write("b.txt~", "x")
            try dir.write(".#a.txt", "x")
            try dir.write("a.txt", "22")
            try dir.write("sub/c.txt", "3")
            XCTAssertTrue(eventually { changes.count >= 1 }, "no change reported (polling: \(polling))")
            watcher.stop()
            XCTAssertEqual(changes.all.first?.paths.filter { $0 != "sub" }, ["a.txt", "sub/c.txt"], "polling: \(polling)")
        }
    }

    /// serve's own output redirected into the watched folder (`serve --watch > serve.log`) is
    /// not an edit: writing it is never reported, with inotify or by polling, while an edit beside
    /// it is.
    func testFilesOpenOnTheGivenDescriptorsAreNotReported() throws {
        for polling in [false, true] {
            let dir = try TemporaryDirectory("lambdactl-watcher-log")
            defer { dir.remove() }
            try dir.write("a.txt", "1")
            let log = open(dir.file("serve.log"), O_WRONLY | O_CREAT | O_APPEND, 0o644)
            XCTAssertGreaterThanOrEqual(log, 0)
            defer { close(log) }
            let watcher = try SourceWatcher(roots: [dir.path], polling: polling, quiet: 0.3, pollInterval: 0.1, ignoringFilesOpenOn: [log])
            let changes = ReportedChanges()
            watcher.start { changes.append($0) }
            _ = "lambdactl serve: reloaded in 0.1 s (1 file changed)\n".withCString { write(log, $0, strlen($0)) }
            try dir.write("a.txt", "22")
            XCTAssertTrue(eventually { changes.count >= 1 }, "no change reported (polling: \(polling))")
            watcher.stop()
            XCTAssertEqual(changes.all.flatMap(\.paths), ["a.txt"], "polling: \(polling)")
        }
    }
}

/// Changes a watcher reported, from its thread to the test's.
final class ReportedChanges: Sendable {
    private let box = Mutex<[SourceWatcher.Change]>([])
    func append(_ change: SourceWatcher.Change) { box.withLock { $0.append(change) } }
    var all: [SourceWatcher.Change] { box.withLock { $0 } }
    var count: Int { all.count }
}
