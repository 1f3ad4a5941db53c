/// Lambda's deployment-package limits (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
public enum PackageLimits {
    /// Largest zip `create-function`/`update-function-code --zip-file` accepts directly; above it the
    /// zip must go through S3.
    public static let directUploadBytes: UInt64 = 50 * 1024 * 1024
    /// Function code and all layers, unzipped.
    public static let unzippedBytes: UInt64 = 250 * 1024 * 1024
    public static let maxLayers = 5
}
