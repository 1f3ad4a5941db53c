/// One header of an event-stream message; order is kept because it is part of the encoded bytes
/// (and therefore of the CRC).
public struct EventStreamHeader: Equatable, Sendable {
    public var name: String
    public var value: EventStreamHeaderValue

    public init(name: String, value: EventStreamHeaderValue) {
        self.name = name
        self.value = value
    }

    /// A string header, the common case.
    public init(_ name: String, _ value: String) {
        self.init(name: name, value: .string(value))
    }
}
