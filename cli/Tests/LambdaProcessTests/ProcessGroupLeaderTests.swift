import Foundation
import LambdaProcess
import LambdaTestSupport
import XCTest

/// serve's spawn (`ProcessGroupLeader`): a real shell as the function, checked for what it was
/// given (folder, fds, signals) and for what its end takes with it (the rest of its group).
final class ProcessGroupLeaderTests: XCTestCase {
    func testStartsInTheFolderWithOnlyStandardDescriptors() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let leader = try ProcessGroupLeader.spawn(
            arguments: ["/bin/sh", "-c", "pwd; ls /proc/self/fd; grep '^SigBlk' /proc/self/status; echo done >&2"],
            environment: ["PATH": "/usr/bin:/bin"], directory: folder.path)
        let output = Self.readAll(leader.standardOutput), errors = Self.readAll(leader.standardError)
        let (exit, _) = leader.waitForExit()
        XCTAssertEqual(exit, .exited(0))
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path)
        XCTAssertFalse(lines.contains(String(leaked)), "fd \(leaked) leaked into the function: \(output)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("SigBlk:") && $0.hasSuffix("0000000000000000") }, output)
        XCTAssertEqual(errors, "done\n")
    }

    func testTheGroupEndsWithItsLeader() async throws {
        let leader = try ProcessGroupLeader.spawn(arguments: ["/bin/sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!"],
                                                  environment: [:], directory: "/")
        let background = try XCTUnwrap(pid_t(Self.readAll(leader.standardOutput).trimmingCharacters(in: .whitespacesAndNewlines)))
        close(leader.standardError)
        let (exit, peakKB) = leader.waitForExit()
        XCTAssertEqual(exit, .exited(0))
        XCTAssertGreaterThan(peakKB, 0, "wait4 reported no memory use")
        // The SIGKILL was sent by waitForExit; its delivery and init's reaping are awaited.
        let ended = await ChildProcessTests.gone(background, within: 10)
        XCTAssertTrue(ended, "the shell's background sleep \(background) outlived its group's leader")
    }

    func testKillSignalIsReported() throws {
        let leader = try ProcessGroupLeader.spawn(arguments: ["/bin/sh", "-c", "echo up; exec sleep 60"],
                                                  environment: [:], directory: "/")
        var byte: UInt8 = 0
        XCTAssertEqual(read(leader.standardOutput, &byte, 1), 1, "the child never started")
        leader.signalGroup(SIGKILL)
        XCTAssertEqual(leader.waitForExit().exit, .signalled(SIGKILL))
        close(leader.standardOutput); close(leader.standardError)
    }

    func testMissingFolderOrProgramExitsAsLambdaReportsIt() throws {
        // The shell that changes folder turns both into exit statuses (126, 127), which serve
        // reports as Lambda does ("Runtime exited with error: exit status 127").
        for (arguments, folder, expected) in [(["/bin/true"], "/nonexistent", Int32(126)), (["/nonexistent/bootstrap"], "/", Int32(127))] {
            let leader = try ProcessGroupLeader.spawn(arguments: arguments, environment: [:], directory: folder)
            _ = Self.readAll(leader.standardOutput); _ = Self.readAll(leader.standardError)
            XCTAssertEqual(leader.waitForExit().exit, .exited(expected), "\(arguments) in \(folder)")
        }
    }

    static func readAll(_ fd: Int32) -> String {
        var data = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        close(fd)
        return String(decoding: data, as: UTF8.self)
    }
}
