import Foundation
import NIOHTTP1

/// Builds the payload-format-2.0 event a Function URL sends for an HTTP request. Public so that the
/// fuzz targets can reach it: every part of `head` and `body` comes from whoever calls the URL.
public enum FunctionURLEvent {
    public static func make(head: HTTPRequestHead, body: [UInt8], sourceIP: String, requestID: String, host: String) -> [UInt8] {
        let uri = head.uri
        let questionMark = uri.firstIndex(of: "?")
        let rawPath = questionMark.map { String(uri[..<$0]) } ?? uri
        let rawQuery = questionMark.map { String(uri[uri.index(after: $0)...]) } ?? ""
        var headers: [String: String] = [:]
        var cookies: [String] = []
        for (name, value) in head.headers {
            let key = name.lowercased()
            if key == "cookie" {
                cookies += value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                continue
            }
            headers[key] = headers[key].map { "\($0),\(value)" } ?? value
        }
        let now = Date()
        let epochMillis = Int(now.timeIntervalSince1970 * 1000)
        let domain = headers["host"] ?? host
        let prefix = String(domain.split(separator: ".").first ?? Substring(domain))
        let path = rawPath.removingPercentEncoding ?? rawPath
        var event = FunctionURLPayload(
            rawPath: rawPath.isEmpty ? "/" : rawPath,
            rawQueryString: rawQuery,
            cookies: cookies.isEmpty ? nil : cookies,
            headers: headers,
            requestContext: .init(
                domainName: domain,
                domainPrefix: prefix,
                http: .init(method: head.method.rawValue, path: path.isEmpty ? "/" : path,
                            protocol: "HTTP/\(head.version.major).\(head.version.minor)",
                            sourceIp: sourceIP, userAgent: headers["user-agent"] ?? ""),
                requestId: requestID,
                time: accessLogTime(now),
                timeEpoch: epochMillis),
            isBase64Encoded: false)
        if !rawQuery.isEmpty {
            var parameters: [String: String] = [:]
            for pair in rawQuery.split(separator: "&") {
                // Not omitting empty parts: `?=` or `?=x` would otherwise give no parts at all.
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { String($0).replacingOccurrences(of: "+", with: " ") }
                guard let name = parts.first else { continue }
                let key = name.removingPercentEncoding ?? name
                let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
                parameters[key] = parameters[key].map { "\($0),\(value)" } ?? value
            }
            event.queryStringParameters = parameters
        }
        if !body.isEmpty {
            if isTextual(headers["content-type"]), let text = String(validatingUTF8CString: body) {
                event.body = text
            } else {
                event.body = Data(body).base64EncodedString()
                event.isBase64Encoded = true
            }
        }
        // Strings, numbers and Booleans only: encoding cannot fail. Sorted keys keep the bytes the
        // same for the same request, as they were with JSONSerialization.
        return Array((try? encoder.encode(event)) ?? Data("{}".utf8))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Function URLs pass text bodies as strings and everything else base64-encoded.
    static func isTextual(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return true }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml")
            || type.contains("javascript") || type.contains("x-www-form-urlencoded") || type.contains("yaml")
    }

    /// `12/Mar/2020:19:03:58 +0000`, the `time` field's format (formatted by hand: a DateFormatter
    /// per request costs more than the rest of the event).
    static func accessLogTime(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(pad(parts.tm_mday))/\(months[Int(parts.tm_mon)])/\(parts.tm_year + 1900):\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)) +0000"
    }
}

extension String {
    /// The bytes as text when they are valid UTF-8 (no replacement characters).
    init?(validatingUTF8CString bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        self = text
    }
}
