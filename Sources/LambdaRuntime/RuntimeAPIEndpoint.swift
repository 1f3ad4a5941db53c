/// Where the Runtime API listens, parsed from `AWS_LAMBDA_RUNTIME_API` and resolved once at start.
///
/// Lambda gives an IPv4 address (`127.0.0.1:9001`); local tools often give `localhost:9001`. A numeric
/// address and `localhost` are resolved without `getaddrinfo`, so the common cases need no NSS modules
/// (a fully static executable cannot load them reliably); any other name goes through `getaddrinfo`.
/// Some local emulators give a URL instead (cargo-lambda: `http://127.0.0.1:9000/.rt`): an `http://`
/// scheme is accepted and a path becomes the prefix of every Runtime API path.
struct RuntimeAPIEndpoint: Sendable, CustomStringConvertible {
    /// `host:port` as configured; also the HTTP `Host` header.
    let authority: String
    /// A path prefix from a URL-style value (`/.rt`), empty for Lambda's `host:port`.
    let pathPrefix: String
    let host: String
    let port: UInt16
    /// The resolved socket address (sockaddr_in or sockaddr_in6 bytes).
    let address: [UInt8]
    let family: Int32

    var description: String { authority }

    static func parse(_ configured: String) throws(LambdaRuntimeError) -> RuntimeAPIEndpoint {
        var value = Substring(configured)
        if value.hasPrefix("http://") { value = value.dropFirst(7) }
        var pathPrefix = ""
        if let slash = value.firstIndex(of: "/") {
            pathPrefix = String(value[slash...])
            while pathPrefix.hasSuffix("/") { pathPrefix.removeLast() }
            value = value[..<slash]
        }
        var host: Substring
        let portText: Substring
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]"),
                  value[value.index(after: close)...].hasPrefix(":") else { throw .invalidRuntimeAPI(configured) }
            host = value[value.index(after: value.startIndex)..<close]
            portText = value[value.index(close, offsetBy: 2)...]
        } else {
            guard let colon = value.lastIndex(of: ":") else { throw .invalidRuntimeAPI(configured) }
            host = value[..<colon]
            portText = value[value.index(after: colon)...]
        }
        if host.isEmpty { host = "127.0.0.1" }
        guard let port = UInt16(portText), port > 0 else { throw .invalidRuntimeAPI(configured) }
        let (address, family) = try resolve(String(host), port: port)
        return RuntimeAPIEndpoint(
            authority: String(value), pathPrefix: pathPrefix, host: String(host), port: port, address: address, family: family)
    }

    private static func bytes<T>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    private static func resolve(_ host: String, port: UInt16) throws(LambdaRuntimeError) -> ([UInt8], Int32) {
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = port.bigEndian
        if inet_pton(AF_INET, numericHost, &v4.sin_addr) == 1 { return (bytes(of: v4), AF_INET) }
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = port.bigEndian
        if inet_pton(AF_INET6, numericHost, &v6.sin6_addr) == 1 { return (bytes(of: v6), AF_INET6) }

        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = socketStream
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let info = current.pointee
            if let addr = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 {
                let raw = UnsafeRawBufferPointer(start: addr, count: Int(info.ai_addrlen))
                return (Array(raw), info.ai_family)
            }
            entry = info.ai_next
        }
        throw .cannotResolve(host: host, reason: "no IPv4 or IPv6 address")
    }
}
