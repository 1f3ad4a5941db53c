/// Where `package --product` compiles: on this machine, in a docker image of Amazon Linux, with an
/// installed Swift SDK (the Static Linux SDK cross-compiles for either architecture without docker),
/// or automatically: natively when this machine's CPU is the target's (rebuilt in docker when that
/// fails the glibc check), else with the Swift SDK for the target when one is installed, else in
/// docker.
public enum BuildMode: String, CaseIterable, Sendable {
    case auto, native, docker
    case swiftSDK = "swift-sdk"
}
