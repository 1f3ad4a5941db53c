/// What a package is checked against: the function's architecture and runtime, and the layers that
/// will be attached (their zips, so the checks can see what `/opt` will hold).
public struct PackageCheckOptions: Sendable {
    /// `nil` lets the checks take the architecture of the `bootstrap` binary (for `doctor` on a zip
    /// whose target is unknown); every other ELF file must then match it.
    public var architecture: Architecture?
    public var runtime: TargetRuntime
    public var layers: [String]
    /// The zip is a layer (unpacked at `/opt`): no `bootstrap` is required.
    public var isLayer: Bool

    public init(architecture: Architecture? = .x86_64, runtime: TargetRuntime = .providedAL2023, layers: [String] = [], isLayer: Bool = false) {
        self.architecture = architecture
        self.runtime = runtime
        self.layers = layers
        self.isLayer = isLayer
    }
}
