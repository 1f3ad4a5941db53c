import AsyncHTTPClient
import Foundation
import NIOSSL

/// Why no response came at all, named so that the report points at the right layer: nothing
/// here is the function's doing (exit status 3).
public enum NetworkFailure: String, Codable, Sendable {
    case refused = "connection-refused"
    case dns = "dns"
    case tls = "tls"
    case other = "network"

    /// Classifies an async-http-client / SwiftNIO error. NIO's connect error is matched by its
    /// text (NIOPosix is not a dependency of this target): with no connection attempt recorded,
    /// the name did not resolve.
    public init(error: Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            self = .tls
            return
        }
        let text = String(reflecting: error)
        let lower = text.lowercased()
        if lower.contains("ssl") || lower.contains("certificate") || lower.contains("handshake") {
            self = .tls
        } else if lower.contains("refused") || text.contains("errno: \(ECONNREFUSED)") || text.contains("errnoCode: \(ECONNREFUSED)") {
            self = .refused
        } else if text.contains("SocketAddressError") || lower.contains("getaddrinfo") || lower.contains("dnsaerror: optional")
                    || (text.contains("NIOConnectionError") && text.contains("connectionErrors: []")) {
            self = .dns
        } else {
            self = .other
        }
    }

    /// What to look at, per cause.
    public var fix: String {
        switch self {
        case .refused:
            return "Nothing listens at that host and port: check the URL (a Function URL is https on port 443) and any proxy in between; the function is not the problem yet."
        case .dns:
            return "The host name does not resolve: check the URL for typos (aws lambda get-function-url-config --function-name NAME, or use --function NAME) and the DNS setup; the function is not the problem yet."
        case .tls:
            return "The TLS handshake failed: check the certificate (use --ca-file for a private CA, or --insecure for a test server) and any TLS-intercepting proxy; the function is not the problem yet."
        case .other:
            return "Check the URL, DNS and TLS (use --ca-file for a private CA); the function is not the problem yet."
        }
    }

    public var summary: String {
        switch self {
        case .refused: return "connection refused"
        case .dns: return "DNS lookup failed"
        case .tls: return "TLS handshake failed"
        case .other: return "no response"
        }
    }
}
