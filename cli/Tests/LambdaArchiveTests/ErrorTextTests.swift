import Foundation
import LambdaArchive
import LambdaTestSupport
import XCTest

/// `ErrorText` on errors Foundation really throws: the text names the path and the reason in
/// plain words, never an error domain or code.
final class ErrorTextTests: XCTestCase {
    func testFoundationFileErrorsReadAsPathAndReason() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var failures: [(String, any Error)] = []
        do { try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/missing/out.zip")) } catch { failures.append(("write into a missing folder", error)) }
        do { _ = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/nothing.zip")) } catch { failures.append(("read a missing file", error)) }
        do { _ = try String(contentsOfFile: folder.path, encoding: .utf8) } catch { failures.append(("read a folder as a file", error)) }
        do { try FileManager.default.createDirectory(atPath: "/proc/lambdactl-test", withIntermediateDirectories: true) } catch { failures.append(("create under /proc", error)) }
        XCTAssertEqual(failures.count, 4, "each operation above should have failed")
        for (what, error) in failures {
            XCTAssertTrue(ErrorText.isFoundationError(error), "\(what): \(type(of: error))")
            let text = ErrorText.describe(error)
            for foreign in ["NSCocoaErrorDomain", "NSPOSIXErrorDomain", "Code=", "could not be completed", "couldn’t be completed", "The file “"] {
                XCTAssertFalse(text.contains(foreign), "\(what): \(text)")
            }
            XCTAssertTrue(text.contains(folder.path) || text.contains("/proc/lambdactl-test"), "\(what) does not name the path: \(text)")
        }
        XCTAssertTrue(ErrorText.describe(failures[0].1).hasPrefix("\(folder.path)/missing/out.zip: No such file or directory. Check the path"),
                      ErrorText.describe(failures[0].1))
        XCTAssertTrue(ErrorText.describe(failures[2].1).hasPrefix("\(folder.path): it is a folder, not a file"), ErrorText.describe(failures[2].1))
        XCTAssertTrue(ErrorText.describe(failures[1].1).hasPrefix("\(folder.path)/nothing.zip: No such file or directory"),
                      ErrorText.describe(failures[1].1))
    }

    func testLambdactlsOwnErrorsAreUnchanged() {
        let error = ELFError.malformed("the header is short")
        XCTAssertFalse(ErrorText.isFoundationError(error))
        XCTAssertEqual(ErrorText.describe(error), "\(error)")
    }
}
