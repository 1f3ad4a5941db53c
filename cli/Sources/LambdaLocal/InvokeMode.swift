/// How the Function URL front answers, as the Function URL's `InvokeMode` setting does on AWS.
public enum InvokeMode: String, Sendable, CaseIterable {
    /// Collect the whole response, then apply the payload-2.0 reply rules.
    case buffered = "BUFFERED"
    /// Forward each chunk to the client as it arrives, after the HTTP-integration prelude.
    case responseStream = "RESPONSE_STREAM"
}
