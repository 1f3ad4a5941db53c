import AWSEventStream

/// `flatJSONStrings` (internal to AWSEventStream), reached the way `lambdactl invoke` reaches it: an
/// `InvokeComplete` event whose payload is the fuzzer's bytes.
///
/// Invariant: the `InvokeComplete` read from the payload, written back as a message by
/// `InvokeStreamEvent.message` (which quotes with `jsonString`), reads back as the same event.
enum JSONTextHarness {
    static func check(_ bytes: [UInt8]) -> FuzzViolation? {
        let message = EventStreamMessage(headers: [
            EventStreamHeader(":event-type", "InvokeComplete"),
            EventStreamHeader(":message-type", "event"),
        ], payload: bytes)
        let event = InvokeStreamEvent(message: message)
        guard case .invokeComplete = event else {
            return FuzzViolation("an InvokeComplete message did not read as InvokeComplete", "\(event)")
        }
        let again = InvokeStreamEvent(message: event.message)
        guard again == event else {
            return FuzzViolation("InvokeComplete does not survive jsonString then flatJSONStrings",
                                 "\(event) then \(again)")
        }
        return nil
    }
}
