import Foundation
@testable import LambdaRuntime
import XCTest

/// Two tasks writing one response at once: the second gets an error and the wire carries exactly
/// the first task's bytes. In-process, because only here can the first write be held in flight
/// (the listener does not read until the test says so).
final class LambdaResponseWriterGateTests: XCTestCase {
    /// A listener whose small receive buffer keeps a big write in flight until `drain` reads.
    private final class SlowListener {
        let fd: Int32
        let port: UInt16
        let received = ReceivedBox()

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            XCTAssertGreaterThanOrEqual(fd, 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            var small: Int32 = 16 * 1024
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
            XCTAssertEqual(bound, 0)
            XCTAssertEqual(listen(fd, 4), 0)
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
            self.fd = fd
            port = UInt16(bigEndian: addr.sin_port)
        }

        deinit { close(fd) }

        /// Accepts the writer's connection and reads it to the end on a thread of its own.
        func drain() {
            let (listener, box) = (fd, received)
            Thread {
                let fd = accept(listener, nil, nil)
                var received = Data()
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if n <= 0 { break }
                    received.append(contentsOf: buffer[0..<n])
                }
                close(fd)
                box.set(received)
            }.start()
        }
    }

    /// Far more than the socket buffers hold: a write of it stays in flight until the test reads.
    private let big = [UInt8](repeating: 0x41, count: 32 * 1024 * 1024)

    /// Starts writing `big` and returns once the write holds the gate.
    private func startBigWrite(_ writer: LambdaResponseWriter) async throws -> Task<Void, any Error> {
        let first = Task { [big] in try await writer.write(big) }
        let deadline = Date().addingTimeInterval(20)
        while !writer.isBusy, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        XCTAssertTrue(writer.isBusy)
        return first
    }

    private func assertOneBigChunk(_ listener: SlowListener, file: StaticString = #filePath, line: UInt = #line) throws {
        let received = try XCTUnwrap(listener.received.wait(timeout: 30), file: file, line: line)
        let headEnd = try XCTUnwrap(received.range(of: Data("\r\n\r\n".utf8)), file: file, line: line).upperBound
        let framed = Data("2000000\r\n".utf8) + Data(big) + Data("\r\n".utf8)
        XCTAssertEqual(received.count - headEnd, framed.count, "exactly one chunk after the head, nothing else", file: file, line: line)
        XCTAssertTrue(received[headEnd...] == framed, file: file, line: line)
    }

    func testSecondWriterWhileAWriteIsInProgressGetsConcurrentUse() async throws {
        let listener = try SlowListener()
        let client = RuntimeAPIClient(endpoint: try RuntimeAPIEndpoint.parse("127.0.0.1:\(listener.port)"))
        let writer = LambdaResponseWriter(client: client, requestID: "gate", offload: BlockingIOThread())
        let first = try await startBigWrite(writer)

        do {
            try await writer.write("second")
            XCTFail("a second concurrent write must throw")
        } catch let error as LambdaResponseWriterError {
            guard case .concurrentUse = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("await each write"), error.description)
        }

        // Now read everything; the first write completes.
        listener.drain()
        try await first.value
        XCTAssertFalse(writer.isBusy)
        client.connection.close()
        try assertOneBigChunk(listener)
    }

    /// A handler that returns while a task it started is still writing: the worker's `seize` waits
    /// for that write (handed the gate by it, no polling) and later writes are refused.
    func testSeizeWaitsForALeakedWriteThenRefusesLaterWrites() async throws {
        let listener = try SlowListener()
        let client = RuntimeAPIClient(endpoint: try RuntimeAPIEndpoint.parse("127.0.0.1:\(listener.port)"))
        let writer = LambdaResponseWriter(client: client, requestID: "seize", offload: BlockingIOThread())
        let leaked = try await startBigWrite(writer)
        XCTAssertEqual(writer.state, .idle, "the big write cannot have finished: nobody reads yet")

        let seized = Task { await writer.seize() }
        listener.drain()
        await seized.value
        // Had seize not waited for the write, nothing would have been sent yet.
        XCTAssertEqual(writer.state, .streaming)
        XCTAssertFalse(writer.isBusy)
        try await leaked.value

        do {
            try await writer.write("too late")
            XCTFail("a write after seize must throw")
        } catch let error as LambdaResponseWriterError {
            guard case .alreadyFinished = error else { return XCTFail("\(error)") }
        }
        client.connection.close()
        try assertOneBigChunk(listener)
    }
}

/// Hands the reader thread's bytes to the test. Unchecked because the guard is a condition
/// variable (which `Mutex` has not): `value` is only touched with `condition` locked.
final class ReceivedBox: @unchecked Sendable {
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
