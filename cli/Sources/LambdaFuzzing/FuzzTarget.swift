/// The parsers that read bytes a user, a zip or the network controls, one case per libFuzzer
/// harness. The raw value names the target on the command line (`scripts/fuzz jsonValue`) and the
/// corpus folder (`Fuzz/corpus/jsonValue/`), so renaming a case means moving its corpus.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case jsonValue
    case jsonText
    case eventStream
    case elf
    case zip
    case prelude
    case functionURLEvent
    case sigv4
    case base64

    /// Feeds `bytes` to the parser and checks the invariants that are cheap to check. Returns what
    /// was violated, `nil` when all held. A trap inside the parser is not caught here on purpose:
    /// under libFuzzer it is the finding, and in the replay test it fails the suite.
    public func check(_ bytes: [UInt8]) -> FuzzViolation? {
        switch self {
        case .jsonValue: return JSONValueHarness.check(bytes)
        case .jsonText: return JSONTextHarness.check(bytes)
        case .eventStream: return EventStreamHarness.check(bytes)
        case .elf: return ELFHarness.check(bytes)
        case .zip: return ZipHarness.check(bytes)
        case .prelude: return PreludeHarness.check(bytes)
        case .functionURLEvent: return FunctionURLEventHarness.check(bytes)
        case .sigv4: return SigV4Harness.check(bytes)
        case .base64: return Base64Harness.check(bytes)
        }
    }

    /// `check`, but a violated invariant stops the process, so that libFuzzer records the input
    /// as a crash just like a trap in the parser.
    public func run(_ bytes: [UInt8]) {
        if let violation = check(bytes) {
            fatalError("\(rawValue): invariant violated: \(violation)")
        }
    }
}
