import Foundation
@testable import LambdaRuntime
import XCTest

/// Two tasks writing one response at once: the second gets an error and the wire carries exactly
/// the first task's bytes. In-process, because only here can the first write be held in flight
/// (the listener does not read until the test says so).
final class LambdaResponseWriterGateTests: XCTestCase {
    func testSecondWriterWhileAWriteIsInProgressGetsConcurrentUse() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(listener, 0)
        defer { close(listener) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        var small: Int32 = 16 * 1024
        setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, len) } }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(listener, 4), 0)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) } }
        let port = UInt16(bigEndian: addr.sin_port)

        let client = RuntimeAPIClient(endpoint: try RuntimeAPIEndpoint.parse("127.0.0.1:\(port)"))
        let writer = LambdaResponseWriter(client: client, requestID: "gate", offload: BlockingIOThread())
        // Far more than the socket buffers hold: the write stays in flight until the test reads.
        let big = [UInt8](repeating: 0x41, count: 32 * 1024 * 1024)
        let first = Task { try await writer.write(big) }
        let deadline = Date().addingTimeInterval(20)
        while !writer.isBusy, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        XCTAssertTrue(writer.isBusy)

        do {
            try await writer.write("second")
            XCTFail("a second concurrent write must throw")
        } catch let error as LambdaResponseWriterError {
            guard case .concurrentUse = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("await each write"), error.description)
        }

        // Now read everything; the first write completes.
        let reader = Thread {
            let fd = accept(listener, nil, nil)
            var received = Data()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                received.append(contentsOf: buffer[0..<n])
            }
            close(fd)
            ReceivedBox.shared.set(received)
        }
        reader.start()
        try await first.value
        XCTAssertFalse(writer.isBusy)
        client.connection.close()
        let received = try XCTUnwrap(ReceivedBox.shared.wait(timeout: 30))
        let headEnd = try XCTUnwrap(received.range(of: Data("\r\n\r\n".utf8))).upperBound
        let framed = Data("2000000\r\n".utf8) + Data(big) + Data("\r\n".utf8)
        XCTAssertEqual(received.count - headEnd, framed.count, "exactly one chunk after the head, nothing of the second write")
        XCTAssertTrue(received[headEnd...] == framed)
    }
}

/// Hands the reader thread's bytes to the test.
final class ReceivedBox: @unchecked Sendable {
    static let shared = ReceivedBox()
    private let condition = NSCondition()
    private var value: Data?

    func set(_ data: Data) {
        condition.lock()
        value = data
        condition.broadcast()
        condition.unlock()
    }

    func wait(timeout: TimeInterval) -> Data? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while value == nil { if !condition.wait(until: deadline) { break } }
        return value
    }
}
