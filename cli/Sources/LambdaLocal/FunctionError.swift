import Foundation

/// A function error as Lambda reports it to callers: a type (`Runtime.ExitError`, `Sandbox.Timedout`,
/// or what the runtime posted) and the JSON body callers receive.
public struct FunctionError: Sendable, Equatable {
    public var type: String
    /// The error document: `{"errorMessage","errorType",...}`.
    public var body: [UInt8]

    public init(type: String, body: [UInt8]) {
        self.type = type
        self.body = body
    }

    /// An error made by the emulator itself (timeout, crash), shaped like Lambda's.
    public init(type: String, message: String) {
        self.type = type
        let object: [String: Any] = ["errorType": type, "errorMessage": message]
        body = Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// From a runtime's error post: the type comes from `Lambda-Runtime-Function-Error-Type` when
    /// sent, else from the body's `errorType` (awslambdaric sends no header), else `Unhandled`.
    static func posted(typeHeader: String?, body: [UInt8]) -> FunctionError {
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let type = typeHeader.flatMap { $0.isEmpty ? nil : $0 } ?? (json?["errorType"] as? String) ?? "Unhandled"
        if json == nil {
            return FunctionError(type: type, message: String(decoding: body, as: UTF8.self))
        }
        return FunctionError(type: type, body: body)
    }

    public var message: String {
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        return (json?["errorMessage"] as? String) ?? String(decoding: body, as: UTF8.self)
    }
}
