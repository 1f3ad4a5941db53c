/// Where `package --product` compiles: on this machine, in a docker image of Amazon Linux, or
/// natively when that passes the package checks and in docker otherwise.
public enum BuildMode: String, CaseIterable, Sendable {
    case auto, native, docker
}
