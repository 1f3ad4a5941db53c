import Foundation

/// An `An error occurred (Code) when calling the Operation operation: message` line from the CLI.
public struct AWSServiceError: Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var operation: String?
    public var message: String

    public init(code: String, operation: String?, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    /// Finds the service error in the CLI's standard error (v2.38 prefixes it with `aws: [ERROR]: `).
    public init?(stderr: String) {
        guard let start = stderr.range(of: "An error occurred (") else { return nil }
        let afterCode = stderr[start.upperBound...]
        guard let close = afterCode.firstIndex(of: ")") else { return nil }
        code = String(afterCode[..<close])
        var rest = afterCode[afterCode.index(after: close)...]
        operation = nil
        if let calling = rest.range(of: " when calling the "), calling.lowerBound == rest.startIndex,
           let opEnd = rest.range(of: " operation") {
            operation = String(rest[calling.upperBound..<opEnd.lowerBound])
            rest = rest[opEnd.upperBound...]
        }
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        message = rest.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        // A service (or an emulator) that answered with an XML error body to a JSON API: the CLI
        // reports the HTTP status as the code and the XML as the message.
        if code.allSatisfy(\.isNumber), let xmlCode = Self.element("Code", in: String(rest)) {
            code = xmlCode
            message = Self.element("Message", in: String(rest)) ?? message
        }
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    public var description: String {
        "\(code)\(operation.map { " (\($0))" } ?? ""): \(message)"
    }
}
