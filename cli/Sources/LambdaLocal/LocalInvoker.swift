import AWSEventStream
import Foundation
import NIOHTTP1

/// The client side of `lambdactl invoke --local`: calls a running `lambdactl serve` through
/// InvokeWithResponseStream and hands over each event as soon as its bytes arrive. Plain blocking
/// sockets: one request, no event loop to start, nothing buffered between the socket and the caller.
public struct LocalInvoker: Sendable {
    public var host: String
    public var port: Int
    public var functionName: String
    /// Ask for `LogResult` (the last 4 KB of the invocation's log) in `InvokeComplete`.
    public var includeLog: Bool = false

    public init(host: String = "127.0.0.1", port: Int = 9000, functionName: String = "function") {
        self.host = host
        self.port = port
        self.functionName = functionName
    }

    /// Sends `payload` and calls `onEvent` per event, in arrival order. Throws when the server cannot
    /// be reached, answers with an HTTP error, or the stream is corrupt or cut.
    public func invoke(payload: [UInt8], onEvent: (InvokeStreamEvent) throws -> Void) throws {
        let socket = try connect()
        defer { close(socket) }
        let name = functionName.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.$"))) ?? functionName
        var request = "POST /2021-11-15/functions/\(name)/response-streaming-invocations HTTP/1.1\r\n"
        request += "Host: \(host):\(port)\r\nContent-Length: \(payload.count)\r\nConnection: close\r\n"
        request += "Content-Type: application/json\r\nUser-Agent: lambdactl\r\n"
        if includeLog { request += "X-Amz-Log-Type: Tail\r\n" }
        request += "\r\n"
        try sendAll(socket, Array(request.utf8) + payload)

        var reader = SocketReader(fd: socket)
        let (status, headers) = try reader.readHead()
        let chunked = headers["transfer-encoding"]?.lowercased().contains("chunked") == true
        let length = headers["content-length"].flatMap { Int($0) }
        guard status == 200 else {
            let body = try reader.readBody(chunked: chunked, length: length) { _ in }
            let type = headers["x-amzn-errortype"] ?? "HTTP \(status)"
            throw LocalError.badResponse("\(type): \(String(decoding: body, as: UTF8.self))")
        }
        var decoder = EventStreamDecoder()
        _ = try reader.readBody(chunked: chunked, length: length) { bytes in
            for message in try decoder.feed(bytes) { try onEvent(InvokeStreamEvent(message: message)) }
        }
        try decoder.finish()
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw LocalError.connectionFailed(host: host, port: port, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(result) }
        var lastError: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    return fd
                }
                lastError = errno
                close(fd)
            }
            entry = info.pointee.ai_next
        }
        throw LocalError.connectionFailed(host: host, port: port, reason: String(cString: strerror(lastError)))
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { throw LocalError.connectionFailed(host: host, port: port, reason: String(cString: strerror(errno))) }
            offset += sent
        }
    }

    /// The payload-2.0 event a Function URL would send for `POST /` with `body` (for `--url-event`).
    public static func functionURLEvent(body: [UInt8], method: String = "POST", path: String = "/") -> [UInt8] {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "host", value: "localhost")
        headers.add(name: "user-agent", value: "lambdactl")
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path, headers: headers)
        return FunctionURLEvent.make(head: head, body: body, sourceIP: "127.0.0.1",
                                     requestID: UUID().uuidString.lowercased(), host: "localhost")
    }
}

/// Reads an HTTP/1.1 response from a blocking socket, passing body bytes on as they arrive.
struct SocketReader {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    /// Reads more bytes; false at end of stream.
    private mutating func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw LocalError.badResponse("connection error: \(String(cString: strerror(errno)))") }
            if count == 0 { return false }
            buffer += chunk[0..<count]
            return true
        }
    }

    private mutating func readLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<index])
                buffer.removeSubrange(...index)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill() else { throw LocalError.badResponse("the connection closed in the middle of the response") }
        }
    }

    mutating func readHead() throws -> (Int, [String: String]) {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw LocalError.badResponse("not an HTTP response: \(statusLine)")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    /// Streams the body to `onBytes`; also returns it when the caller needs it whole (error bodies).
    mutating func readBody(chunked: Bool, length: Int?, onBytes: ([UInt8]) throws -> Void) throws -> [UInt8] {
        var all: [UInt8] = []
        func deliver(_ bytes: [UInt8]) throws {
            if all.count < 65536 { all += bytes.prefix(65536 - all.count) }
            try onBytes(bytes)
        }
        if chunked {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16) else {
                    throw LocalError.badResponse("bad chunk size line '\(sizeLine)'")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    return all
                }
                var remaining = size
                while remaining > 0 {
                    if buffer.isEmpty {
                        guard try fill() else { throw LocalError.badResponse("the connection closed in the middle of a chunk: the stream was cut") }
                    }
                    let take = min(remaining, buffer.count)
                    let piece = Array(buffer[..<take])
                    buffer.removeFirst(take)
                    remaining -= take
                    try deliver(piece)
                }
                _ = try readLine()
            }
        }
        if let length {
            var remaining = length
            while remaining > 0 {
                if buffer.isEmpty {
                    guard try fill() else { throw LocalError.badResponse("the connection closed before the body's \(length) bytes") }
                }
                let take = min(remaining, buffer.count)
                let piece = Array(buffer[..<take])
                buffer.removeFirst(take)
                remaining -= take
                try deliver(piece)
            }
            return all
        }
        while true {
            if !buffer.isEmpty {
                let piece = buffer
                buffer.removeAll()
                try deliver(piece)
            }
            guard try fill() else { return all }
        }
    }
}
