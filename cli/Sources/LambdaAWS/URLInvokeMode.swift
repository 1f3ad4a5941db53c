/// A Function URL's invoke mode.
public enum URLInvokeMode: String, Sendable, CaseIterable, Codable {
    case responseStream = "RESPONSE_STREAM"
    case buffered = "BUFFERED"
}
