import LambdaLocal
import LambdaRuntime
import NIOHTTP1

/// The payload-2.0 event `serve` builds from a Function URL request (method, URI, headers, cookies
/// and body all come from the client). The input is read like a raw request: a first line
/// `METHOD URI`, header lines `name: value`, an empty line, then the body.
///
/// Invariants: the event is JSON that the runtime core's `JSONValue` reads, and its `body` gives back
/// the request body exactly (as text, or base64 when `isBase64Encoded`).
enum FunctionURLEventHarness {
    static func check(_ input: [UInt8]) -> FuzzViolation? {
        let (head, body) = request(input)
        let event = FunctionURLEvent.withPlaceholders(head: head, body: body)
        guard let value = try? JSONValue.parse(event) else {
            return FuzzViolation("the event is not JSON that JSONValue reads", String(decoding: event, as: UTF8.self))
        }
        let sent: [UInt8]
        if body.isEmpty {
            guard value["body"] == nil else { return FuzzViolation("an empty body became a body member") }
            return nil
        }
        guard let text = value["body"]?.stringValue else { return FuzzViolation("a request body is missing from the event") }
        if value["isBase64Encoded"]?.boolValue == true {
            guard let decoded = Base64.decode(text) else { return FuzzViolation("the base64 body does not decode", text) }
            sent = decoded
        } else {
            sent = Array(text.utf8)
        }
        guard sent == body else { return FuzzViolation("the event's body differs from the request body") }
        return nil
    }

    static func request(_ input: [UInt8]) -> (HTTPRequestHead, [UInt8]) {
        var lines: [[UInt8]] = []
        var body: [UInt8] = []
        var lineStart = 0
        var index = 0
        while index < input.count {
            if input[index] == 0x0A {
                let line = Array(input[lineStart..<index])
                lineStart = index + 1
                if line.isEmpty, !lines.isEmpty {
                    body = Array(input[lineStart...])
                    lineStart = input.count
                    break
                }
                lines.append(line)
            }
            index += 1
        }
        if lineStart < input.count { lines.append(Array(input[lineStart...])) }

        let requestLine = lines.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let parts = requestLine.split(separator: " ", maxSplits: 1).map(String.init)
        let method = parts.first ?? "GET"
        let uri = parts.count > 1 ? parts[1] : "/"
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let text = String(decoding: line, as: UTF8.self)
            let pair = text.split(separator: ":", maxSplits: 1).map(String.init)
            // NIO's HTTP parser only hands over ASCII names (HTTPHeaders.add traps on others), so a
            // name a real client cannot send is skipped rather than reported as a finding.
            guard pair.first?.utf8.allSatisfy({ $0 < 0x80 }) ?? true else { continue }
            headers.add(name: pair.first ?? "", value: pair.count > 1 ? String(pair[1].drop { $0 == " " }) : "")
        }
        return (HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: uri, headers: headers), body)
    }
}
