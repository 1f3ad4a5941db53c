import Crypto
import Foundation
import LambdaArchive

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one HTTP request.
///
/// lambdactl needs it where the aws CLI cannot help: `InvokeWithResponseStream`, whose event stream
/// the CLI cannot show. It follows the published algorithm: canonical request, string to sign,
/// derived key `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The request parts the signature covers.
    public struct Request: Sendable {
        public var method: String
        /// The path as sent, already percent-encoded where needed (`/2021-11-15/functions/f/...`).
        public var path: String
        /// Query parameters, unencoded.
        public var query: [(String, String)]
        /// Header names in any case; `host` must be among them.
        public var headers: [(String, String)]
        public var body: Data

        public init(method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: Data = Data()) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }
    }

    /// The headers to add to the request: `X-Amz-Date`, `X-Amz-Content-Sha256` (when asked),
    /// `X-Amz-Security-Token` (with session credentials) and `Authorization`.
    public func sign(_ request: Request, date: Date = Date(), includeContentHash: Bool = false) -> [(String, String)] {
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        let payloadHash = HexText.lowercase(SHA256.hash(data: request.body))
        var added: [(String, String)] = [("X-Amz-Date", amzDate)]
        if includeContentHash { added.append(("X-Amz-Content-Sha256", payloadHash)) }
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        let canonical = canonicalRequest(request, extraHeaders: added, payloadHash: payloadHash)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, HexText.lowercase(SHA256.hash(data: Data(canonical.request.utf8)))].joined(separator: "\n")
        let signature = HexText.lowercase(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(day: day)))
        added.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"))
        return added
    }

    /// The canonical request text and the signed header list (exposed for tests against the
    /// published AWS test suite).
    public func canonicalRequest(_ request: Request, extraHeaders: [(String, String)] = [], payloadHash: String? = nil) -> (request: String, signedHeaders: String) {
        var headers: [String: [String]] = [:]
        for (name, value) in request.headers + extraHeaders {
            let trimmed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            headers[name.lowercased(), default: []].append(trimmed)
        }
        let names = headers.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\((headers[$0] ?? []).joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let encoded: [(name: String, value: String)] = request.query.map { pair in
            (name: Self.uriEncode(pair.0), value: Self.uriEncode(pair.1))
        }
        let sorted = encoded.sorted { lhs, rhs in lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name }
        let query: String = sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
        let path = service == "s3" ? request.path : Self.normalizedPath(request.path)
        let text = [request.method, path, query, canonicalHeaders, signedHeaders,
                    payloadHash ?? HexText.lowercase(SHA256.hash(data: request.body))].joined(separator: "\n")
        return (text, signedHeaders)
    }

    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// `20150830T123600Z`
    public static func amzDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// RFC 3986 encoding: everything but unreserved characters, `/` too.
    public static func uriEncode(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.append(byte)
            default:
                result.append(UInt8(ascii: "%"))
                HexText.appendUppercase(byte, to: &result)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Non-S3 services sign the path normalised (`.`/`..` resolved, `//` merged) and encoded once more.
    static func normalizedPath(_ path: String) -> String {
        var parts: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = parts.popLast(); continue }
            parts.append(segment)
        }
        let trailing = path.hasSuffix("/") && !parts.isEmpty ? "/" : ""
        return "/" + parts.map { uriEncode(String($0)) }.joined(separator: "/") + trailing
    }
}
