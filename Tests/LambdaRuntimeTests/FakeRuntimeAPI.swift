import Foundation
import LambdaTestSupport

/// A Runtime API server inside the test process, on 127.0.0.1, written on plain sockets so that it
/// sees (and records) exactly the bytes the runtime sends. It hands out queued events on
/// `GET /next`, answers posts with 202, and can misbehave on demand (close, 500).
/// Unchecked because the guard is a condition variable (which `Mutex` has not): the private vars
/// are only touched with `condition` locked; the behaviour settings (`nextBehaviour`, `hold...`,
/// `postStatus`, ...) are set by a test before the runtime under test starts, never after.
final class FakeRuntimeAPI: @unchecked Sendable {
    enum NextBehaviour: Sendable {
        /// Serve queued events (waiting for one when the queue is empty).
        case serve
        /// Close the connection instead of answering `/next`.
        case close
        /// Answer `/next` with this status and a JSON error body.
        case status(Int)
    }

    struct Event {
        var id: String
        var body: String
        var headers: [(String, String)]
    }

    let port: Int
    private let listenFD: Int32
    private let condition = NSCondition()
    private var events: [Event] = []
    private var recorded: [RecordedRequest] = []
    /// The first response/error post of each request id, so that waiting for one invocation's
    /// completion is a lookup: scanning `recorded` on every wake-up made a long run quadratic
    /// (tens of thousands of invocations kept the test process at 100% CPU).
    private var completions: [String: RecordedRequest] = [:]
    private var clientFDs: [Int32] = []
    private var stopped = false
    private var connectionCount = 0
    private(set) var outstandingNext = 0
    private(set) var maxOutstandingNext = 0
    /// Serve an event only once this many `/next` calls are waiting (the concurrency test).
    var holdUntilOutstanding = 0
    var nextBehaviour = NextBehaviour.serve
    /// Hold the 202 of response/error posts until this many posts wait at once (proves that
    /// invocations overlap without timing anything).
    var holdPostsUntil = 0
    private var outstandingPosts = 0
    /// Answer the response/error post of these request ids with this status (e.g. 413).
    var postStatus: [String: Int] = [:]
    /// Cut the response post of these request ids once this many body bytes have arrived: answer 413
    /// with `Connection: close` and close the socket with the rest unread, as Lambda does when a
    /// stream passes its size limit. The runtime's next write fails mid-stream.
    var cutAfterBytes: [String: Int] = [:]
    /// Read the body of these request ids' posts at `slowReadRate` bytes per second (a slow reader).
    var slowReadIDs: Set<String> = []
    var slowReadRate = 64 * 1024
    /// Body bytes read so far from each slow post.
    private var slowBytes: [String: Int] = [:]

    /// `receiveBuffer` sets SO_RCVBUF on the listener (inherited by accepted sockets), so that a
    /// slow reader's window fills soon and the sender really waits.
    init(receiveBuffer: Int32? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            throw NSError(domain: "FakeRuntimeAPI", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "bind/listen failed"])
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        listenFD = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var address: String { "127.0.0.1:\(port)" }

    /// Queues an event; returns its request id.
    @discardableResult
    func enqueue(_ body: String, id: String? = nil, headers: [(String, String)] = []) -> String {
        let requestID = id ?? "req-\(UUID().uuidString.lowercased().prefix(8))"
        condition.lock()
        events.append(Event(id: requestID, body: body, headers: headers))
        condition.broadcast()
        condition.unlock()
        return requestID
    }

    var requests: [RecordedRequest] {
        condition.lock()
        defer { condition.unlock() }
        return recorded
    }

    var connectionsAccepted: Int {
        condition.lock()
        defer { condition.unlock() }
        return connectionCount
    }

    /// Waits (up to `timeout` seconds) until `predicate` holds for the recorded requests.
    @discardableResult
    func wait(timeout: TimeInterval = 20, until predicate: ([RecordedRequest]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(recorded) {
            if !condition.wait(until: deadline) { return predicate(recorded) }
        }
        return true
    }

    /// Waits until each slow post has delivered at least `bytes` body bytes.
    func waitForSlowStreams(_ ids: [String], bytes: Int, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !ids.allSatisfy({ (slowBytes[$0] ?? 0) >= bytes }) {
            if !condition.wait(until: deadline) { return ids.allSatisfy { (slowBytes[$0] ?? 0) >= bytes } }
        }
        return true
    }

    /// The recorded posts for `requestID` (response or error).
    func posts(for requestID: String) -> [RecordedRequest] {
        requests.filter { $0.method == "POST" && $0.path.contains("/invocation/\(requestID)/") }
    }

    /// Waits for the post that completes `requestID`.
    func completion(of requestID: String, timeout: TimeInterval = 20) -> RecordedRequest? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while completions[requestID] == nil {
            if !condition.wait(until: deadline) { break }
        }
        return completions[requestID]
    }

    /// The request id in `/runtime/invocation/ID/response` or `/runtime/invocation/ID/error`.
    private static func completedID(_ request: RecordedRequest) -> String? {
        guard request.method == "POST" else { return nil }
        let parts = request.path.split(separator: "/")
        guard parts.count >= 3, parts[parts.count - 3] == "invocation",
              parts[parts.count - 1] == "response" || parts[parts.count - 1] == "error" else { return nil }
        return String(parts[parts.count - 2])
    }

    /// Stops serving; safe to call twice (the listening descriptor is closed only once).
    func stop() {
        condition.lock()
        if stopped {
            condition.unlock()
            return
        }
        stopped = true
        let fds = clientFDs
        condition.broadcast()
        condition.unlock()
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    // MARK: - Serving

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                condition.lock()
                let done = stopped
                condition.unlock()
                if done || (errno != EINTR && errno != ECONNABORTED) { return }
                continue
            }
            condition.lock()
            connectionCount += 1
            let id = connectionCount
            clientFDs.append(fd)
            condition.unlock()
            let thread = Thread { [self] in serve(fd, connection: id) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        let reader = SocketReader(fd: fd)
        defer { close(fd) }
        while let request = readRequest(reader, connection: connection) {
            if request.method == "GET", request.path.hasSuffix("/runtime/invocation/next") {
                record(request)
                if !answerNext(fd) { return }
            } else {
                record(request)
                if request.cutShort {
                    send(fd, status: 413, reason: "Request Entity Too Large",
                         headers: [("Content-Type", "application/json"), ("Connection", "close")],
                         body: "{\"errorMessage\":\"fake cut\",\"errorType\":\"Fake.Cut\"}")
                    return
                }
                holdPostIfAsked()
                condition.lock()
                let status = postStatus.first { request.path.contains("/invocation/\($0.key)/") }?.value
                condition.unlock()
                if let status {
                    send(fd, status: status, reason: "Refused", headers: [("Content-Type", "application/json")],
                         body: "{\"errorMessage\":\"fake refusal \(status)\",\"errorType\":\"Fake.Status\(status)\"}")
                } else {
                    send(fd, status: 202, reason: "Accepted", headers: [("Content-Type", "application/json")], body: "{\"status\":\"OK\"}")
                }
            }
        }
    }

    private func holdPostIfAsked() {
        condition.lock()
        defer { condition.unlock() }
        guard holdPostsUntil > 0 else { return }
        outstandingPosts += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(20)
        while !stopped && outstandingPosts < holdPostsUntil {
            if !condition.wait(until: deadline) { break }
        }
    }

    private func record(_ request: RecordedRequest) {
        condition.lock()
        recorded.append(request)
        if let id = Self.completedID(request), completions[id] == nil { completions[id] = request }
        condition.broadcast()
        condition.unlock()
    }

    /// Returns false when the connection must end.
    private func answerNext(_ fd: Int32) -> Bool {
        condition.lock()
        outstandingNext += 1
        maxOutstandingNext = max(maxOutstandingNext, outstandingNext)
        condition.broadcast()
        switch nextBehaviour {
        case .close:
            outstandingNext -= 1
            condition.unlock()
            return false
        case let .status(code):
            outstandingNext -= 1
            condition.unlock()
            send(fd, status: code, reason: "Error", headers: [("Content-Type", "application/json")],
                 body: "{\"errorMessage\":\"fake failure\",\"errorType\":\"Fake.Status\(code)\"}")
            return true
        case .serve:
            break
        }
        while !stopped && (events.isEmpty || outstandingNext < holdUntilOutstanding) {
            condition.wait()
        }
        if stopped {
            condition.unlock()
            return false
        }
        let event = events.removeFirst()
        if holdUntilOutstanding > 0 { holdUntilOutstanding = max(0, holdUntilOutstanding - 1) }
        outstandingNext -= 1
        condition.unlock()
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", event.id),
            ("Lambda-Runtime-Deadline-Ms", String(Int64(Date().timeIntervalSince1970 * 1000) + 30_000)),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:test"),
        ]
        for (name, value) in event.headers {
            headers.removeAll { $0.0.lowercased() == name.lowercased() }
            headers.append((name, value))
        }
        return send(fd, status: 200, reason: "OK", headers: headers, body: event.body)
    }

    @discardableResult
    private func send(_ fd: Int32, status: Int, reason: String, headers: [(String, String)], body: String) -> Bool {
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    private func readRequest(_ reader: SocketReader, connection: Int) -> RecordedRequest? {
        guard let head = reader.readHead() else { return nil }
        let lines = head.components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var request = RecordedRequest(
            connection: connection, method: String(requestLine[0]), path: String(requestLine[1]), rawHead: head,
            headers: headers, body: [], chunks: nil, rawEnd: "", trailers: [])
        condition.lock()
        let slowID = slowReadIDs.first { request.path.contains("/invocation/\($0)/") }
        let rate = slowReadRate
        let cutLimit = cutAfterBytes.first { request.path.contains("/invocation/\($0.key)/") }?.value
        condition.unlock()
        if let slowID {
            reader.bytesPerSecond = rate
            reader.onRead = { [self] count in
                condition.lock()
                slowBytes[slowID, default: 0] += count
                condition.broadcast()
                condition.unlock()
            }
        }
        defer {
            reader.bytesPerSecond = nil
            reader.onRead = nil
        }
        if request.header("Transfer-Encoding")?.lowercased() == "chunked" {
            var chunks: [[UInt8]] = []
            while true {
                guard let sizeLine = reader.readLine(), let size = Int(sizeLine, radix: 16) else { return nil }
                if size == 0 {
                    var rawEnd = sizeLine + "\r\n"
                    while let line = reader.readLine() {
                        rawEnd += line + "\r\n"
                        if line.isEmpty { break }
                        if let colon = line.firstIndex(of: ":") {
                            request.trailers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                        }
                    }
                    request.rawEnd = rawEnd
                    break
                }
                guard let data = reader.read(count: size), reader.readLine() == "" else { return nil }
                chunks.append(data)
                request.body += data
                if let cutLimit, request.body.count >= cutLimit {
                    request.chunks = chunks
                    request.cutShort = true
                    return request
                }
            }
            request.chunks = chunks
        } else if let length = request.header("Content-Length").flatMap({ Int($0) }), length > 0 {
            guard let data = reader.read(count: length) else { return nil }
            request.body = data
        }
        return request
    }
}

/// Buffered reads from a socket for the fake server.
final class SocketReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    /// When set, reads at most this many bytes per second (4 KiB at a time), like a slow client.
    var bytesPerSecond: Int?
    var onRead: ((Int) -> Void)?

    init(fd: Int32) { self.fd = fd }

    private func fill() -> Bool {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let step = bytesPerSecond == nil ? 65536 : 4096
        var chunk = [UInt8](repeating: 0, count: step)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        buffer += chunk[0..<n]
        onRead?(n)
        if let rate = bytesPerSecond, rate > 0 {
            // The throttle of a slow reader, not synchronisation: it paces how fast bytes leave the socket.
            usleep(useconds_t(min(1_000_000, n * 1_000_000 / rate)))
        }
        return true
    }

    /// The request head up to and including the blank line, as text.
    func readHead() -> String? {
        while true {
            if let end = find([13, 10, 13, 10]) {
                let head = String(decoding: buffer[start..<(end + 4)], as: UTF8.self)
                start = end + 4
                return head
            }
            if !fill() { return nil }
        }
    }

    func readLine() -> String? {
        while true {
            if let end = find([13, 10]) {
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 2
                return line
            }
            if !fill() { return nil }
        }
    }

    func read(count: Int) -> [UInt8]? {
        while buffer.count - start < count {
            if !fill() { return nil }
        }
        let data = Array(buffer[start..<(start + count)])
        start += count
        return data
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count - start >= pattern.count else { return nil }
        var i = start
        while i + pattern.count <= buffer.count {
            if buffer[i] == pattern[0], Array(buffer[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }
}
