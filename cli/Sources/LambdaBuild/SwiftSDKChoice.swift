/// The installed Swift SDK a `--build swift-sdk` build uses, as `swift build` must be told it.
///
/// `swift sdk list` prints artifact IDs (`swift-6.3.1-RELEASE_static-linux-0.0.1`), but the Static
/// Linux SDK's ID names a bundle with two target triples, and SwiftPM refuses such an ID on its own
/// ("has multiple target triples"). So the selector is the target triple
/// (`--swift-sdk aarch64-swift-linux-musl`, as swift.org's guide writes it) whenever exactly one
/// installed SDK provides it; only when several do is the bundle named, with `--triple` (what
/// SwiftPM's own "matched multiple SDKs" error suggests; older SwiftPM releases ignore the triple
/// there and refuse the bundle, with a message that names the fix).
public struct SwiftSDKChoice: Sendable, Equatable, CustomStringConvertible {
    /// What `swift build --swift-sdk` gets: a target triple, or an artifact ID.
    public var selector: String
    /// `--triple` beside an artifact ID that provides several triples; nil otherwise.
    public var triple: String?
    /// The artifact ID `swift sdk list` showed for it, when that is not the selector itself.
    public var bundle: String?
    /// The target triple the binary is built for, when known (a bundle passed through as it is
    /// has its own, which the package checks then verify by the ELF header).
    public var targetTriple: String?

    public init(selector: String, triple: String? = nil, bundle: String? = nil, targetTriple: String? = nil) {
        self.selector = selector
        self.triple = triple
        self.bundle = bundle
        self.targetTriple = targetTriple
    }

    /// `--swift-sdk <selector>` and, for a bundle with several triples, `--triple <triple>`.
    public var buildArguments: [String] {
        ["--swift-sdk", selector] + (triple.map { ["--triple", $0] } ?? [])
    }

    /// Whether the SDK is a musl one (the Static Linux SDK): its toolset already passes
    /// `-static-executable -static-stdlib` to swiftc, so lambdactl adds no static-linking flags.
    public var isStaticLinux: Bool { targetTriple?.hasSuffix("-linux-musl") ?? false }

    /// `aarch64-swift-linux-musl (swift-6.3.1-RELEASE_static-linux-0.0.1)` for log lines.
    public var description: String {
        let shown = triple ?? targetTriple ?? selector
        let source = bundle ?? (selector != shown ? selector : nil)
        return source.map { "\(shown) (\($0))" } ?? shown
    }
}
