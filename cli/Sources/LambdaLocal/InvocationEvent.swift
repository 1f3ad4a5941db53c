/// What a front hears about one invocation, in order: the response starts (or not), chunks arrive,
/// then exactly one `finished`.
enum InvocationEvent: Sendable {
    /// The runtime began its response. `streaming` is true for `Lambda-Runtime-Function-Response-Mode: streaming`.
    case responseStarted(contentType: String, streaming: Bool)
    case chunk([UInt8])
    /// The end: nil error on success. `log` is the invocation's log (START ... REPORT).
    case finished(error: FunctionError?, log: String)
}
