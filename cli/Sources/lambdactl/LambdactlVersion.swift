/// The version `lambdactl --version` prints: the newest release section of CHANGELOG.md and its git
/// tag (README, "Cutting a release"); VersionTests fails when they disagree.
enum LambdactlVersion {
    static let current = "0.2.0"
}
