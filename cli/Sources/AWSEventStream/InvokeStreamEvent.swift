/// The events of Lambda's `InvokeWithResponseStream` reply, decoded from event-stream messages. The
/// local emulator writes them and `lambdactl invoke` reads them, whether the stream came from
/// `lambdactl serve` or from AWS, so both share this one definition.
public enum InvokeStreamEvent: Equatable, Sendable {
    /// Raw response bytes, in arrival order.
    case payloadChunk([UInt8])
    /// The end of the stream. `errorCode` is empty (or nil) on success.
    case invokeComplete(InvokeComplete)
    /// An exception message from the service (`:message-type` = `exception` or `error`).
    case exception(type: String, message: String)
    /// A message of a type this version does not know; kept so callers can report it.
    case unknown(EventStreamMessage)

    public struct InvokeComplete: Equatable, Sendable {
        public var errorCode: String?
        public var errorDetails: String?
        public var logResult: String?

        public init(errorCode: String? = nil, errorDetails: String? = nil, logResult: String? = nil) {
            self.errorCode = errorCode
            self.errorDetails = errorDetails
            self.logResult = logResult
        }

        /// True when the stream ended with a function error.
        public var isError: Bool { !(errorCode ?? "").isEmpty }

        /// `{"ErrorCode":..,"ErrorDetails":..,"LogResult":..}`, the InvokeComplete payload.
        public var json: String {
            var fields: [String] = []
            if let errorCode { fields.append("\"ErrorCode\":\(jsonString(errorCode))") }
            if let errorDetails { fields.append("\"ErrorDetails\":\(jsonString(errorDetails))") }
            if let logResult { fields.append("\"LogResult\":\(jsonString(logResult))") }
            return "{" + fields.joined(separator: ",") + "}"
        }
    }

    /// Reads a message as Lambda sends it.
    public init(message: EventStreamMessage) {
        let messageType = message[header: ":message-type"] ?? "event"
        if messageType == "exception" || messageType == "error" {
            let type = message[header: ":exception-type"] ?? message[header: ":error-code"] ?? "Unknown"
            let text = message[header: ":error-message"] ?? String(decoding: message.payload, as: UTF8.self)
            self = .exception(type: type, message: text)
            return
        }
        switch message[header: ":event-type"] {
        case "PayloadChunk":
            self = .payloadChunk(message.payload)
        case "InvokeComplete":
            let fields = flatJSONStrings(message.payload)
            self = .invokeComplete(InvokeComplete(
                errorCode: fields["ErrorCode"], errorDetails: fields["ErrorDetails"], logResult: fields["LogResult"]))
        default:
            self = .unknown(message)
        }
    }

    /// The message Lambda would send for this event.
    public var message: EventStreamMessage {
        switch self {
        case .payloadChunk(let bytes):
            return EventStreamMessage(headers: [
                EventStreamHeader(":event-type", "PayloadChunk"),
                EventStreamHeader(":content-type", "application/octet-stream"),
                EventStreamHeader(":message-type", "event"),
            ], payload: bytes)
        case .invokeComplete(let complete):
            return EventStreamMessage(headers: [
                EventStreamHeader(":event-type", "InvokeComplete"),
                EventStreamHeader(":content-type", "application/json"),
                EventStreamHeader(":message-type", "event"),
            ], payload: Array(complete.json.utf8))
        case .exception(let type, let text):
            return EventStreamMessage(headers: [
                EventStreamHeader(":exception-type", type),
                EventStreamHeader(":content-type", "application/json"),
                EventStreamHeader(":message-type", "exception"),
            ], payload: Array("{\"message\":\(jsonString(text))}".utf8))
        case .unknown(let message):
            return message
        }
    }
}
