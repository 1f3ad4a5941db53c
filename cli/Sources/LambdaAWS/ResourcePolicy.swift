import Foundation

/// A function's resource-based policy (`get-policy`'s `Policy`, itself a JSON string), reduced to
/// what lambdactl needs: each statement's Sid, action, principal and conditions.
public struct ResourcePolicy: Sendable {
    public struct Statement: Sendable, Equatable {
        public var sid: String
        public var actions: [String]
        public var principal: String?
        /// Condition values flattened to `key: value`, whatever the operator
        /// (`StringEquals`, `Bool`...), with keys lower-cased (AWS does not keep one case).
        public var conditions: [String: String]
        /// The function ARN the statement grants, qualified for an alias's (or version's) policy.
        public var resource: String? = nil

        /// `lambda:InvokeFunctionUrl` for everyone, limited to URLs with auth type NONE.
        public var isPublicURLStatement: Bool {
            actions.contains("lambda:InvokeFunctionUrl") && principal == "*"
                && conditions["lambda:functionurlauthtype"] == "NONE"
        }

        /// `lambda:InvokeFunction` for everyone, limited to calls through a Function URL.
        public var isPublicInvokeViaURLStatement: Bool {
            actions.contains("lambda:InvokeFunction") && principal == "*"
                && ["true", "1"].contains(conditions["lambda:invokedviafunctionurl"]?.lowercased() ?? "")
        }
    }

    public var statements: [Statement]

    public init(statements: [Statement]) { self.statements = statements }

    /// Parses the policy document text.
    public init(policyJSON: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(policyJSON.utf8)) as? [String: Any] else {
            self.statements = []
            return
        }
        let raw = (object["Statement"] as? [[String: Any]]) ?? ((object["Statement"] as? [String: Any]).map { [$0] } ?? [])
        statements = raw.map { entry in
            let actions: [String] = (entry["Action"] as? [String]) ?? ((entry["Action"] as? String).map { [$0] } ?? [])
            var principal: String?
            if let text = entry["Principal"] as? String {
                principal = text
            } else if let map = entry["Principal"] as? [String: Any] {
                principal = (map["AWS"] as? String) ?? (map["Service"] as? String) ?? (map["AWS"] as? [String])?.first
            }
            var conditions: [String: String] = [:]
            for (_, block) in (entry["Condition"] as? [String: Any]) ?? [:] {
                for (key, value) in (block as? [String: Any]) ?? [:] {
                    let text: String
                    switch value {
                    case let string as String: text = string
                    case let number as NSNumber: text = number.stringValue
                    case let list as [Any]: text = list.map { "\($0)" }.joined(separator: ",")
                    default: text = "\(value)"
                    }
                    conditions[key.lowercased()] = text
                }
            }
            // Some emulators (moto) put the condition values at the top of the statement.
            for key in ["FunctionUrlAuthType", "InvokedViaFunctionUrl"] where conditions["lambda:" + key.lowercased()] == nil {
                if let value = entry[key] {
                    conditions["lambda:" + key.lowercased()] = (value as? String) ?? ((value as? NSNumber)?.stringValue ?? "\(value)")
                }
            }
            return Statement(sid: (entry["Sid"] as? String) ?? "", actions: actions, principal: principal, conditions: conditions,
                             resource: entry["Resource"] as? String)
        }
    }
}

struct GetPolicyOutput: Decodable {
    var Policy: String
}
