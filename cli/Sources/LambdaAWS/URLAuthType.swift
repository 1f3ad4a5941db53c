/// A Function URL's auth type.
public enum URLAuthType: String, Sendable, CaseIterable, Codable {
    /// Public: anyone with the URL can invoke the function.
    case none = "NONE"
    /// Callers sign requests with SigV4 and need `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`.
    case awsIAM = "AWS_IAM"
}
