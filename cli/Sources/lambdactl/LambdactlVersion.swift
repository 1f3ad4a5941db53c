/// The version `lambdactl --version` prints; bump it with CHANGELOG.md.
enum LambdactlVersion {
    static let current = "0.1.0"
}
