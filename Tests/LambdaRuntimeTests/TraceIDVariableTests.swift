@testable import LambdaRuntime
import XCTest

/// `_X_AMZN_TRACE_ID` through the runtime's one buffer, read back with libc's own `getenv`.
final class TraceIDVariableTests: XCTestCase {
    private func current() -> String? { getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) } }

    override func tearDown() { unsetenv("_X_AMZN_TRACE_ID") }

    func testValuesAreRewrittenInPlaceInOneBuffer() {
        let variable = TraceIDVariable()
        variable.set("Root=1-00000000-000000000000000000000001;Sampled=1")
        XCTAssertEqual(current(), "Root=1-00000000-000000000000000000000001;Sampled=1")
        let first = getenv("_X_AMZN_TRACE_ID")
        variable.set("Root=1-00000000-000000000000000000000002")
        XCTAssertEqual(current(), "Root=1-00000000-000000000000000000000002")
        // The same bytes in memory: no new string per invocation (setenv leaked one each time).
        XCTAssertEqual(getenv("_X_AMZN_TRACE_ID"), first)
        variable.set(nil)
        XCTAssertNil(current())
        variable.set("Root=3")
        XCTAssertEqual(current(), "Root=3")
    }

    func testAValueLongerThanTheBufferMovesToALargerOneEvenFromZero() {
        // Capacity 0 used to loop for ever: doubling zero never reaches the length.
        let variable = TraceIDVariable(capacity: 0)
        variable.set("Root=1")
        XCTAssertEqual(current(), "Root=1")
        let long = String(repeating: "x", count: 5000)
        variable.set(long)
        XCTAssertEqual(current(), long)
        variable.set("short")
        XCTAssertEqual(current(), "short")
    }
}
