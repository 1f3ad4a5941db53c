import Glibc
@testable import LambdaLocal
import XCTest

/// serve reads /proc after every invocation; these reads must give the kernel's figures and cost
/// nothing that stays (Foundation's readers keep 4 KiB per empty file, see ProcFile).
final class ProcFileTests: XCTestCase {
    func testReadsStatusAndListsThreads() throws {
        let status = try XCTUnwrap(ProcFile.read("/proc/self/status"))
        XCTAssertTrue(String(decoding: status, as: UTF8.self).contains("\nVmHWM:"), "status has no VmHWM line")
        XCTAssertTrue(ProcFile.entries(of: "/proc/self/task").contains(String(getpid())), "the main thread is not listed")
        XCTAssertFalse(ProcFile.entries(of: "/proc/self/task").contains("."))
        XCTAssertNil(ProcFile.read("/proc/0/status"), "a missing process reads as nil")
        XCTAssertEqual(ProcFile.entries(of: "/proc/0/task"), [])
    }

    func testLimitIsApplied() throws {
        let bytes = try XCTUnwrap(ProcFile.read("/proc/self/maps", limit: 10))
        XCTAssertEqual(bytes.count, 10)
    }

    /// 20,000 reads of a file that reads empty (this thread's `children`: it has none), as serve makes
    /// after 20,000 invocations. Resident memory grows by far less than the 80 MB that Foundation's
    /// readers kept for the same reads (a generous bound: the figure itself is in the soak benchmark).
    func testEmptyReadsKeepNoMemory() throws {
        let children = "/proc/thread-self/children"
        XCTAssertEqual(ProcFile.read(children), [], "this test's thread has no children")
        let before = try residentKB()
        for _ in 0..<20_000 { _ = ProcFile.read(children) }
        let grown = try residentKB() - before
        XCTAssertLessThan(grown, 16 * 1024, "RSS grew by \(grown) KiB over 20,000 empty reads")
    }

    private func residentKB() throws -> Int {
        let status = String(decoding: try XCTUnwrap(ProcFile.read("/proc/self/status")), as: UTF8.self)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try XCTUnwrap(line.split(separator: " ").dropFirst().first.flatMap { Int($0) })
    }
}
