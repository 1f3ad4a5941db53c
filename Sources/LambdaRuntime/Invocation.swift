/// One event as `/next` delivered it: the body plus the metadata headers.
struct Invocation: Sendable {
    var requestID: String
    var deadlineMilliseconds: Int64
    var invokedFunctionARN: String
    var traceID: String?
    var clientContext: String?
    var cognitoIdentity: String?
    var event: [UInt8]
}
