/// How a Swift error is reported to Lambda: `{"errorType","errorMessage","stackTrace"}`, the shape
/// every AWS runtime client uses, plus the `Lambda-Runtime-Function-Error-Type` value.
public struct LambdaErrorReport: Sendable, Equatable {
    /// The Swift type name of the error (e.g. `DecodingFailed`).
    public var errorType: String
    /// `String(describing: error)`: an error's `description` when it is `CustomStringConvertible`.
    public var errorMessage: String
    /// Swift errors carry no stack; kept for the shape Lambda clients expect.
    public var stackTrace: [String]
    /// The `Category.Reason` value of the error-type header/trailer.
    public var headerType: String

    public init(errorType: String, errorMessage: String, stackTrace: [String] = [], headerType: String? = nil) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
        self.headerType = LambdaErrorReport.headerSafe(headerType ?? "Function.\(errorType)")
    }

    /// A report for a handler's error (`Function.<Type>`) or an initialisation error (`Runtime.InitError`).
    public init(_ error: any Error, category: String = "Function") {
        let type = String(describing: Swift.type(of: error))
        self.init(
            errorType: type,
            errorMessage: String(describing: error),
            headerType: category == "Function" ? "Function.\(type)" : "\(category)"
        )
    }

    /// Header values may not contain CR/LF or non-ASCII; replace them.
    static func headerSafe(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? $0 : "_" }))
    }

    /// `{"errorType":...,"errorMessage":...,"stackTrace":[...]}`.
    public var json: String {
        var out = "{\"errorType\":"
        JSONValue.appendQuoted(errorType, to: &out)
        out += ",\"errorMessage\":"
        JSONValue.appendQuoted(errorMessage, to: &out)
        out += ",\"stackTrace\":["
        for (i, line) in stackTrace.enumerated() {
            if i > 0 { out += "," }
            JSONValue.appendQuoted(line, to: &out)
        }
        out += "]}"
        return out
    }
}
