import Foundation
import LambdaArchive

/// The Swift SDKs installed for the local toolchain, as `swift sdk list` names them, and the choice
/// of one for a target architecture. Read through `CommandRunner`, so `-v` shows each `swift sdk`
/// command and a stand-in `swift` on PATH can play any set of SDKs.
public struct SwiftSDKCatalog: Sendable {
    /// Artifact IDs, one per line of `swift sdk list` (`swift-6.3.1-RELEASE_static-linux-0.0.1`).
    public var ids: [String]
    /// Why the list could not be read (`swift sdk list` failed), for the missing-SDK error.
    public var problem: String?
    var runner: CommandRunner
    var swift: String

    init(ids: [String], problem: String? = nil, runner: CommandRunner, swift: String) {
        self.ids = ids
        self.problem = problem
        self.runner = runner
        self.swift = swift
    }

    /// Runs `swift sdk list`. Without a `swift` on PATH there is nothing to build with: `swiftMissing`.
    public static func load(runner: CommandRunner) async throws -> SwiftSDKCatalog {
        guard let swift = CommandRunner.which("swift") else { throw BuildError.swiftMissing }
        let listing = try await runner.run([swift, "sdk", "list"], capture: true)
        guard listing.status == 0 else {
            let detail = listing.output.trimmingCharacters(in: .whitespacesAndNewlines)
            return SwiftSDKCatalog(ids: [], problem: "swift sdk list failed with exit status \(listing.status)\(detail.isEmpty ? "" : ": \(detail)")",
                                   runner: runner, swift: swift)
        }
        return SwiftSDKCatalog(ids: parseList(listing.output), runner: runner, swift: swift)
    }

    /// The IDs in `swift sdk list` output. An ID has no spaces, so the sentence SwiftPM prints when
    /// there are none ("No Swift SDKs are currently installed."), blank lines and warnings (the
    /// runner captures stderr with stdout) are not taken for one.
    public static func parseList(_ output: String) -> [String] {
        output.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.contains(where: \.isWhitespace) }
    }

    /// The Static Linux SDK's target triple for `architecture`.
    public static func staticLinuxTriple(for architecture: Architecture) -> String {
        architecture == .arm64 ? "aarch64-swift-linux-musl" : "x86_64-swift-linux-musl"
    }

    /// The architecture a target triple names (`aarch64-swift-linux-musl` is arm64), or nil for
    /// something that is not a Linux triple, such as an artifact ID.
    public static func architecture(ofTriple text: String) -> Architecture? {
        let parts = text.split(separator: "-")
        guard parts.count >= 3, parts.dropFirst().contains("linux") else { return nil }
        return Architecture(name: String(parts[0]))
    }

    /// Whether the installed SDK `id` has `triple` among its targets: `swift sdk configure
    /// --show-configuration ID TRIPLE` fails for a pair that does not exist.
    public func provides(_ id: String, triple: String) async -> Bool {
        let result = try? await runner.run([swift, "sdk", "configure", "--show-configuration", id, triple], capture: true)
        return result?.status == 0
    }

    /// The installed SDKs that have `triple` among their targets, in listing order.
    func providing(_ triple: String) async -> [String] {
        var found: [String] = []
        for id in ids where await provides(id, triple: triple) { found.append(id) }
        return found
    }

    /// The SDK for `architecture`, or nil when none is installed or the choice is ambiguous: what
    /// `--build auto` asks before it falls back to docker.
    public func choice(for architecture: Architecture) async -> SwiftSDKChoice? {
        try? await select(for: architecture, requested: nil)
    }

    /// The SDK to build for `architecture` with: `requested` (`--swift-sdk`, an artifact ID or a
    /// target triple), else the Static Linux SDK's triple for the architecture. Throws, with the
    /// install command, when nothing installed provides it.
    public func select(for architecture: Architecture, requested: String?) async throws -> SwiftSDKChoice {
        let wanted = requested ?? Self.staticLinuxTriple(for: architecture)
        if let named = Self.architecture(ofTriple: wanted), named != architecture {
            throw BuildError.swiftSDKArchitectureMismatch(sdk: wanted, sdkArchitecture: named, target: architecture)
        }
        // A triple: one listed SDK may carry it as its ID, or bundles provide it.
        if Self.architecture(ofTriple: wanted) != nil {
            if ids.contains(wanted) { return SwiftSDKChoice(selector: wanted, targetTriple: wanted) }
            let providers = await providing(wanted)
            switch providers.count {
            case 1:
                return SwiftSDKChoice(selector: wanted, bundle: providers[0], targetTriple: wanted)
            case 0:
                throw await missing(architecture: architecture, triple: wanted, requested: requested)
            default:
                // SwiftPM refuses a triple that several SDKs provide; the one made for this
                // toolchain is the one that can work (a Static Linux SDK must match it exactly).
                let tag = await toolchainTag()
                let matching = providers.filter { id in tag.map { id.hasPrefix($0 + "_") } ?? false }
                guard requested == nil, matching.count == 1 else {
                    throw BuildError.swiftSDKAmbiguous(triple: wanted, candidates: providers)
                }
                return SwiftSDKChoice(selector: matching[0], triple: wanted, bundle: matching[0], targetTriple: wanted)
            }
        }
        // An artifact ID.
        guard ids.contains(wanted) else {
            throw await missing(architecture: architecture, triple: Self.staticLinuxTriple(for: architecture), requested: wanted)
        }
        let triple = Self.staticLinuxTriple(for: architecture)
        guard await provides(wanted, triple: triple) else {
            // Another kind of SDK (a glibc one from swift-sdk-generator, say): SwiftPM picks its
            // triple, and the package checks verify the binary's architecture.
            runner.log("Swift SDK \(wanted) has no \(triple); passing it to swift build as it is (the package checks verify the binary's architecture).")
            return SwiftSDKChoice(selector: wanted)
        }
        if await providing(triple).count == 1 {
            return SwiftSDKChoice(selector: triple, bundle: wanted, targetTriple: triple)
        }
        return SwiftSDKChoice(selector: wanted, triple: triple, bundle: wanted, targetTriple: triple)
    }

    /// `swift-6.3.1-RELEASE`, the tag in `swift --version` ("Swift version 6.3.1
    /// (swift-6.3.1-RELEASE)"): the prefix of the matching Static Linux SDK's artifact ID.
    public func toolchainTag() async -> String? {
        guard let result = try? await runner.run([swift, "--version"], capture: true), result.status == 0 else { return nil }
        return Self.toolchainTag(versionOutput: result.output)
    }

    public static func toolchainTag(versionOutput: String) -> String? {
        guard let open = versionOutput.range(of: "(swift-") else { return nil }
        let tag = versionOutput[versionOutput.index(after: open.lowerBound)...].prefix { $0 != ")" && !$0.isWhitespace }
        return tag.isEmpty ? nil : String(tag)
    }

    /// A note when the chosen bundle was made for another toolchain: a Static Linux SDK works only
    /// with the exact toolchain it names ("module compiled with Swift X cannot be imported").
    func versionNote(for choice: SwiftSDKChoice) async -> String? {
        guard let bundle = choice.bundle, bundle.hasPrefix("swift-"), let tag = await toolchainTag(),
              !bundle.hasPrefix(tag + "_") else { return nil }
        return "note: Swift SDK \(bundle) was made for another toolchain than this one (\(tag)); a Static Linux SDK must match the toolchain exactly, so if the build fails with 'compiled with a different version', install \(tag)_static-linux-0.0.1 (see \(BuildError.staticLinuxSDKGuide))."
    }

    private func missing(architecture: Architecture, triple: String, requested: String?) async -> BuildError {
        .swiftSDKMissing(architecture: architecture, triple: triple, requested: requested, installed: ids,
                         toolchain: await toolchainTag(), problem: problem)
    }
}
