import Foundation
import LambdaAWS

/// `SigV4Signer.canonicalRequest`, which `lambdactl invoke` builds from a function name, a
/// qualifier and headers the user typed. The input's lines are: method, path, query (`a=b&c=d`),
/// then one header `name:value` per line.
///
/// Invariants: the signed header list is the request's header names, lowercased, unique and sorted;
/// the canonical path and query contain only RFC 3986 unreserved characters and `%XX` (plus `/`,
/// `=` and `&` as separators); building twice gives the same text.
enum SigV4Harness {
    static let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "lambda")

    static func check(_ input: [UInt8]) -> FuzzViolation? {
        let lines = input.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let method = lines.first ?? "GET"
        let path = lines.count > 1 ? lines[1] : "/"
        let query: [(String, String)] = (lines.count > 2 ? lines[2] : "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
        let headers: [(String, String)] = lines.dropFirst(3).map { line in
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
        let request = SigV4Signer.Request(method: method, path: path, query: query, headers: headers, body: Data(input))
        let first = signer.canonicalRequest(request)
        let second = signer.canonicalRequest(request)
        guard first == second else { return FuzzViolation("the canonical request is not deterministic") }

        let expected = Set(headers.map { $0.0.lowercased() }).sorted().joined(separator: ";")
        guard first.signedHeaders == expected else {
            return FuzzViolation("signed headers are not the sorted lowercased names", first.signedHeaders)
        }
        // The canonical path and query are the 2nd and 3rd lines only when the method has no newline
        // (it is split on them above, so it has none). Split on the byte, not the Character: a method
        // ending in "\r" would otherwise join its "\n" into one "\r\n" grapheme and hide the break.
        let canonicalLines = first.request.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { Substring(decoding: $0, as: UTF8.self) }
        guard canonicalLines.count > 2 else { return FuzzViolation("the canonical request has too few lines") }
        let canonicalPath = canonicalLines[1]
        guard canonicalPath.hasPrefix("/") else { return FuzzViolation("the canonical path does not start with /", String(canonicalPath)) }
        for (part, separators) in [(canonicalPath, "/"), (canonicalLines[2], "=&")] {
            guard isEncoded(part, separators: separators) else {
                return FuzzViolation("a canonical path or query is not percent-encoded", String(part))
            }
        }
        return nil
    }

    static func isEncoded(_ text: Substring, separators: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, isUpperHex(bytes[index + 1]), isUpperHex(bytes[index + 2]) else { return false }
                index += 3
            default:
                guard separators.utf8.contains(byte) else { return false }
                index += 1
            }
        }
        return true
    }

    static func isUpperHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
