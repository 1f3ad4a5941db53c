/// One keep-alive HTTP/1.1 connection to the Runtime API over a blocking TCP socket.
///
/// Why hand-written: the runtime only ever talks to a loopback server, one request at a time per
/// connection, so a blocking socket with `TCP_NODELAY` and one `sendmsg` per HTTP chunk is both the
/// fastest and the smallest design (no event loop, no thread hop per write, no Foundation/SwiftNIO).
/// Not thread-safe: each runtime worker owns one connection.
final class HTTPConnection: @unchecked Sendable {
    let endpoint: RuntimeAPIEndpoint
    private var fd: Int32 = -1
    private let buffer: UnsafeMutableRawBufferPointer
    private var readStart = 0
    private var readEnd = 0
    /// Replies completed on the current socket; > 0 means the socket was reused (keep-alive).
    private(set) var repliesOnSocket = 0
    /// Sockets opened so far (tests and logs use it to show that one connection serves many events).
    private(set) var socketsOpened = 0

    private static let bufferSize = 64 * 1024
    private static let maxHeadSize = 64 * 1024

    init(endpoint: RuntimeAPIEndpoint) {
        self.endpoint = endpoint
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    deinit {
        close()
        buffer.deallocate()
    }

    var isOpen: Bool { fd >= 0 }

    func close() {
        if fd >= 0 { _ = systemClose(fd) }
        fd = -1
        readStart = 0
        readEnd = 0
        repliesOnSocket = 0
    }

    private func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Opens the socket if needed.
    func connectIfNeeded() throws(LambdaRuntimeError) {
        if fd >= 0 { return }
        let socketFD = socket(endpoint.family, socketStream | socketCloseOnExec, 0)
        guard socketFD >= 0 else { throw .connectFailed(endpoint: endpoint.authority, reason: errnoText()) }
        var one: Int32 = 1
        // Each response chunk must leave at once: Nagle would hold small chunks back for ~40 ms.
        _ = setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var result: Int32 = -1
        repeat {
            result = endpoint.address.withUnsafeBytes { raw in
                systemConnect(socketFD, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
        } while result != 0 && errno == EINTR
        if result != 0 {
            let code = errno
            _ = systemClose(socketFD)
            if code == ECONNREFUSED { throw .connectionRefused(endpoint: endpoint.authority) }
            throw .connectFailed(endpoint: endpoint.authority, reason: errnoText(code))
        }
        fd = socketFD
        socketsOpened += 1
        repliesOnSocket = 0
    }

    /// Sends `pieces` (after skipping their first `skipping` bytes) with as few `sendmsg` calls as
    /// the kernel allows (normally one), so that an HTTP chunk's size line, data and CRLF leave
    /// together without copying the data. Returns the bytes sent, `skipping` included.
    ///
    /// With `nonBlocking` it stops instead of waiting when the socket buffer is full (a slow
    /// reader): the caller, on Swift's cooperative pool, hands the rest to its worker's own thread.
    @discardableResult
    func send(_ pieces: [UnsafeRawBufferPointer], skipping: Int = 0, nonBlocking: Bool = false, request: String) throws(LambdaRuntimeError) -> Int {
        var vectors = pieces.filter { $0.count > 0 }.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        var first = 0
        var total = 0
        var skip = max(0, skipping)
        func advance(_ count: Int) {
            var remaining = count
            while first < vectors.count, remaining >= vectors[first].iov_len {
                remaining -= vectors[first].iov_len
                first += 1
            }
            if remaining > 0, first < vectors.count {
                vectors[first].iov_base = vectors[first].iov_base! + remaining
                vectors[first].iov_len -= remaining
            }
        }
        advance(skip)
        total = skip
        skip = 0
        let flags = Int32(MSG_NOSIGNAL) | (nonBlocking ? Int32(MSG_DONTWAIT) : 0)
        while first < vectors.count {
            let sent: Int = vectors.withUnsafeMutableBufferPointer { all in
                var header = msghdr()
                header.msg_iov = all.baseAddress! + first
                // size_t on glibc, int on musl.
                header.msg_iovlen = numericCast(all.count - first)
                return sendmsg(fd, &header, flags)
            }
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                if nonBlocking, code == EAGAIN || code == EWOULDBLOCK { return total }
                close()
                if code == EPIPE || code == ECONNRESET {
                    throw .connectionClosed(endpoint: endpoint.authority, request: request)
                }
                throw .ioFailed(endpoint: endpoint.authority, request: request, reason: errnoText(code))
            }
            total += sent
            advance(sent)
        }
        return total
    }

    func send(_ bytes: [UInt8], request: String) throws(LambdaRuntimeError) {
        _ = try bytes.withBytes { (raw) throws(LambdaRuntimeError) in try send([raw], request: request) }
    }

    /// Reads more bytes into the buffer (compacting it first). Returns false at end of stream.
    private func fill(request: String) throws(LambdaRuntimeError) -> Bool {
        if readStart == readEnd {
            readStart = 0
            readEnd = 0
        } else if readEnd == buffer.count {
            guard readStart > 0 else {
                throw .malformedResponse(request: request, reason: "response head larger than \(Self.maxHeadSize) bytes")
            }
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + readStart, byteCount: readEnd - readStart)
            readEnd -= readStart
            readStart = 0
        }
        while true {
            let count = recv(fd, buffer.baseAddress! + readEnd, buffer.count - readEnd, 0)
            if count > 0 { readEnd += count; return true }
            if count == 0 { return false }
            let code = errno
            if code == EINTR { continue }
            if code == ECONNRESET { return false }
            close()
            throw .ioFailed(endpoint: endpoint.authority, request: request, reason: errnoText(code))
        }
    }

    /// Reads one line ending in CRLF (without it) from the buffered stream.
    private func readLine(request: String, started: inout Bool) throws(LambdaRuntimeError) -> [UInt8] {
        while true {
            var i = readStart
            while i + 1 < readEnd {
                if buffer[i] == 0x0D, buffer[i + 1] == 0x0A {
                    let line = Array(buffer[readStart..<i])
                    readStart = i + 2
                    return line
                }
                i += 1
            }
            guard try fill(request: request) else {
                let wasStarted = started || readEnd > readStart
                close()
                if wasStarted { throw .malformedResponse(request: request, reason: "connection closed in the middle of the reply") }
                throw .connectionClosed(endpoint: endpoint.authority, request: request)
            }
            started = true
        }
    }

    /// Copies exactly `count` body bytes, taking what is buffered first, then reading the rest
    /// straight into the destination (a 6 MB event is not copied twice).
    private func readExactly(_ count: Int, into body: inout [UInt8], request: String) throws(LambdaRuntimeError) {
        let buffered = min(count, readEnd - readStart)
        body.append(contentsOf: buffer[readStart..<(readStart + buffered)])
        readStart += buffered
        var missing = count - buffered
        guard missing > 0 else { return }
        let oldCount = body.count
        body.append(contentsOf: repeatElement(0, count: missing))
        var failure: LambdaRuntimeError?
        body.withUnsafeMutableBytes { raw in
            var offset = oldCount
            while missing > 0 {
                let n = recv(fd, raw.baseAddress! + offset, missing, 0)
                if n > 0 { offset += n; missing -= n; continue }
                if n < 0, errno == EINTR { continue }
                failure = .malformedResponse(request: request, reason: "connection closed in the middle of the body")
                return
            }
        }
        if let failure { close(); throw failure }
    }

    /// Reads one complete reply (status line, headers, body by Content-Length or chunked).
    func readResponse(request: String) throws(LambdaRuntimeError) -> HTTPResponse {
        var started = false
        var statusLine = try readLine(request: request, started: &started)
        while statusLine.isEmpty { statusLine = try readLine(request: request, started: &started) }
        let statusText = String(decoding: statusLine, as: UTF8.self)
        let parts = statusText.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            close()
            throw .malformedResponse(request: request, reason: "bad status line \(statusText.debugDescription)")
        }
        var keepAlive = parts[0] == "HTTP/1.1"
        var headers: [(name: String, value: String)] = []
        var contentLength: Int?
        var chunked = false
        while true {
            let line = try readLine(request: request, started: &started)
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                close()
                throw .malformedResponse(request: request, reason: "bad header line")
            }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces()
            headers.append((name, value))
            switch name {
            case "content-length":
                guard let length = Int(value), length >= 0 else {
                    close()
                    throw .malformedResponse(request: request, reason: "bad Content-Length \(value)")
                }
                contentLength = length
            case "transfer-encoding": chunked = value.headerTokens.last == "chunked"
            case "connection":
                let tokens = value.headerTokens
                if tokens.contains("close") { keepAlive = false } else if tokens.contains("keep-alive") { keepAlive = true }
            default: break
            }
        }
        var body: [UInt8] = []
        if status == 204 || status == 304 || (100..<200).contains(status) {
            // no body
        } else if chunked {
            while true {
                let sizeLine = try readLine(request: request, started: &started)
                let sizeText = String(decoding: sizeLine.prefix(while: { $0 != UInt8(ascii: ";") }), as: UTF8.self).trimmingSpaces()
                guard let size = Int(sizeText, radix: 16), size >= 0 else {
                    close()
                    throw .malformedResponse(request: request, reason: "bad chunk size \(sizeText.debugDescription)")
                }
                if size == 0 {
                    while try !readLine(request: request, started: &started).isEmpty {}  // trailers
                    break
                }
                try readExactly(size, into: &body, request: request)
                guard try readLine(request: request, started: &started).isEmpty else {
                    close()
                    throw .malformedResponse(request: request, reason: "chunk not followed by CRLF")
                }
            }
        } else if let contentLength {
            body.reserveCapacity(contentLength)
            try readExactly(contentLength, into: &body, request: request)
        } else {
            // No length: the body runs to the end of the connection.
            keepAlive = false
            body.append(contentsOf: buffer[readStart..<readEnd])
            readStart = readEnd
            while try fill(request: request) {
                body.append(contentsOf: buffer[readStart..<readEnd])
                readStart = readEnd
            }
        }
        repliesOnSocket += 1
        if !keepAlive { close() }
        return HTTPResponse(status: status, headers: headers, body: body, keepAlive: keepAlive)
    }
}

extension String {
    /// A comma-separated header value as lower-cased tokens. (Written without `String.contains`
    /// on strings, which lives in _StringProcessing and would link the regex engine: +1.4 MB.)
    var headerTokens: [String] {
        split(separator: ",").map { String($0).trimmingSpaces().lowercased() }
    }

    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for closures with typed throws (the standard one rethrows `any Error`).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(LambdaRuntimeError) -> R) throws(LambdaRuntimeError) -> R {
        var failure: LambdaRuntimeError?
        let result: R? = withUnsafeBytes { raw in
            do throws(LambdaRuntimeError) { return try body(raw) } catch { failure = error; return nil }
        }
        if let failure { throw failure }
        return result!
    }
}
