import AsyncHTTPClient
import NIOSSL

extension HTTPClient.Configuration {
    /// How lambdactl's one HTTP client (remote and local invoke, verify-url) talks to Lambda and
    /// Function URLs. Bodies are taken as sent (no decompression), so arrival times and bytes are
    /// the function's. Neither API redirects, so a 3xx is reported, not followed. A refused
    /// connection, a DNS or TLS failure is reported at once: async-http-client otherwise retries
    /// connecting until its connect timeout or the request's deadline.
    public static func lambdactl(tls: TLSConfiguration = .makeClientConfiguration()) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return configuration
    }
}
