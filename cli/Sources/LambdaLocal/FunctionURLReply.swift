import Foundation

/// How a Function URL turns a buffered function result into an HTTP response (payload format 2.0).
struct FunctionURLReply {
    var status: Int
    var headers: [(String, String)]
    var cookies: [String]
    var body: [UInt8]

    /// `{statusCode, headers, cookies, body, isBase64Encoded}` is read as a response; any other valid
    /// JSON becomes the body with status 200 and `content-type: application/json`.
    static func buffered(payload: [UInt8]) -> FunctionURLReply {
        let object = try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])
        if let map = object as? [String: Any], map["statusCode"] != nil {
            let status = (map["statusCode"] as? Int) ?? Int("\(map["statusCode"]!)") ?? 200
            var headers: [(String, String)] = []
            if let given = map["headers"] as? [String: Any] {
                for key in given.keys.sorted() { headers.append((key, "\(given[key]!)")) }
            }
            let cookies = (map["cookies"] as? [Any])?.map { "\($0)" } ?? []
            var body: [UInt8] = []
            if let text = map["body"] as? String {
                if (map["isBase64Encoded"] as? Bool) == true, let data = Data(base64Encoded: text) {
                    body = Array(data)
                } else {
                    body = Array(text.utf8)
                }
            }
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                headers.append(("content-type", "application/json"))
            }
            return FunctionURLReply(status: status, headers: headers, cookies: cookies, body: body)
        }
        return FunctionURLReply(status: 200, headers: [("content-type", "application/json")], cookies: [], body: payload)
    }

    /// What a Function URL answers when the function failed before sending anything.
    static let functionError = FunctionURLReply(
        status: 502, headers: [("content-type", "application/json")], cookies: [],
        body: Array(#"{"Message":"Internal Server Error"}"#.utf8))
}
