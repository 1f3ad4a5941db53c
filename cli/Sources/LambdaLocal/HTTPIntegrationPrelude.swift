import Foundation

/// The status, headers and cookies a streaming function sends before its body when it answers a
/// Function URL with `application/vnd.awslambda.http-integration-response`: JSON, then 8 NUL bytes.
public struct HTTPIntegrationPrelude: Sendable, Equatable {
    public static let contentType = "application/vnd.awslambda.http-integration-response"

    public var statusCode: Int
    public var headers: [(String, String)]
    public var cookies: [String]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.statusCode == rhs.statusCode && lhs.cookies == rhs.cookies
            && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
    }

    public init(statusCode: Int = 200, headers: [(String, String)] = [], cookies: [String] = []) {
        self.statusCode = statusCode
        self.headers = headers
        self.cookies = cookies
    }

    /// Reads the JSON part; nil when it is not a JSON object or its `statusCode` is not a whole
    /// number from 100 to 599. The range matters beyond HTTP: NIO's `HTTPResponseStatus(statusCode:)`
    /// traps on a negative code, and the function, not lambdactl, chose the number. (`true` reads as 1, out of range.)
    public init?(json bytes: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return nil }
        if let code = object["statusCode"] {
            guard let number = code as? NSNumber, let value = Int(exactly: number.doubleValue), (100...599).contains(value)
            else { return nil }
            statusCode = value
        } else {
            statusCode = 200
        }
        var headers: [(String, String)] = []
        if let map = object["headers"] as? [String: Any] {
            for key in map.keys.sorted() {
                guard let value = map[key] else { continue }
                headers.append((key, Self.text(of: value)))
            }
        }
        self.headers = headers
        cookies = (object["cookies"] as? [Any])?.map(Self.text(of:)) ?? []
    }

    /// A header or cookie value as the function most likely meant it (`"x"`, `1`, `true`). An object
    /// or array becomes JSON with sorted keys: its description would list a dictionary in hash order,
    /// so the same prelude could give different headers from one read to the next (fuzzing found it).
    private static func text(of value: Any) -> String {
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        if value is NSNull { return "null" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return ""
    }
}

/// Finds the prelude in a byte stream however it was chunked: feed chunks; once the 8 NUL bytes have
/// been seen, `feed` returns the prelude and the body bytes that followed it in the same chunk.
public struct HTTPIntegrationPreludeScanner: Sendable {
    public enum Result: Sendable, Equatable {
        /// The separator has not arrived yet.
        case needMore
        /// The prelude was complete; `body` is what came after the separator (may be empty).
        case prelude(HTTPIntegrationPrelude?, body: [UInt8])
        /// Past the prelude: plain body bytes.
        case body([UInt8])
    }

    private var collected: [UInt8] = []
    private var zeros = 0
    private(set) public var isComplete = false
    /// A prelude larger than this is not a prelude; the scanner gives up and treats it as JSON.
    public static let limit = 1 << 20

    public init() {}

    public mutating func feed(_ bytes: [UInt8]) -> Result {
        if isComplete { return .body(bytes) }
        for (offset, byte) in bytes.enumerated() {
            if byte == 0 {
                zeros += 1
                if zeros == 8 {
                    isComplete = true
                    let prelude = HTTPIntegrationPrelude(json: collected)
                    return .prelude(prelude, body: Array(bytes[(offset + 1)...]))
                }
            } else {
                if zeros > 0 { collected += [UInt8](repeating: 0, count: zeros); zeros = 0 }
                collected.append(byte)
                // Checked at the byte that crosses the limit, not at the end of a chunk, so that the
                // answer does not depend on how the function's writes were chunked.
                if collected.count > Self.limit {
                    isComplete = true
                    return .prelude(nil, body: collected + bytes[(offset + 1)...])
                }
            }
        }
        return .needMore
    }

    /// At end of stream before any separator: what was collected (NULs included).
    public mutating func finish() -> [UInt8] {
        isComplete = true
        return collected + [UInt8](repeating: 0, count: zeros)
    }
}
