// The dependency-free Swift reference: the same fixed-reply client as c_floor.c, in plain Swift
// (stdlib + the C library, synchronous, no LambdaRuntime). Cold start of the real runtime is
// compared against this.
import SwiftGlibc

var buffer = [UInt8](repeating: 0, count: 1 << 20)
var have = 0

func fill(_ fd: Int32) {
    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + have, $0.count - have, 0) }
    if n <= 0 { fputs("swift-plain: connection closed\n", stderr); exit(1) }
    have += n
}

func find(_ pattern: [UInt8], from: Int, to: Int) -> Int? {
    var i = from
    while i + pattern.count <= to {
        if buffer[i] == pattern[0], buffer[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
        i += 1
    }
    return nil
}

/// Reads one response; returns the request id header if present.
func readResponse(_ fd: Int32) -> String? {
    var end: Int? = nil
    while true {
        end = find([13, 10, 13, 10], from: 0, to: have)
        if end != nil { break }
        fill(fd)
    }
    let head = String(decoding: buffer[0..<end!], as: UTF8.self)
    var length = 0
    var id: String? = nil
    for line in head.split(separator: "\r\n") {
        let lower = line.lowercased()
        if lower.hasPrefix("content-length:") { length = Int(line.dropFirst(15).drop(while: { $0 == " " })) ?? 0 }
        if lower.hasPrefix("lambda-runtime-aws-request-id:") { id = String(line.dropFirst(30).drop(while: { $0 == " " })) }
    }
    let total = end! + 4 + length
    while have < total { fill(fd) }
    buffer.withUnsafeMutableBytes { raw in
        raw.baseAddress!.copyMemory(from: raw.baseAddress! + total, byteCount: have - total)
    }
    have -= total
    return id
}

func sendAll(_ fd: Int32, _ text: String) {
    var text = text
    text.withUTF8 { _ = send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
}

guard let apiPointer = getenv("AWS_LAMBDA_RUNTIME_API") else { fputs("swift-plain: AWS_LAMBDA_RUNTIME_API is not set\n", stderr); exit(1) }
let api = String(cString: apiPointer)
let colon = api.lastIndex(of: ":")!
let host = String(api[..<colon]) == "localhost" ? "127.0.0.1" : String(api[..<colon])
var addr = sockaddr_in()
addr.sin_family = sa_family_t(AF_INET)
addr.sin_port = UInt16(api[api.index(after: colon)...])!.bigEndian
inet_pton(AF_INET, host, &addr.sin_addr)
let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
var one: Int32 = 1
setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(4))
let connected = withUnsafePointer(to: &addr) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
}
if connected != 0 { fputs("swift-plain: cannot connect\n", stderr); exit(1) }
while true {
    sendAll(fd, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: \(api)\r\n\r\n")
    let id = readResponse(fd) ?? "unknown"
    sendAll(fd, "POST /2018-06-01/runtime/invocation/\(id)/response HTTP/1.1\r\nHost: \(api)\r\nContent-Length: 2\r\n\r\n{}")
    _ = readResponse(fd)
}
