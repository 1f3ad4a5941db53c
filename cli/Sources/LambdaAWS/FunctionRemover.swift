import Foundation

/// `lambdactl delete`: finds everything that belongs to a function and removes it in an order
/// that never leaves a dangling piece: the Function URLs (unqualified and per alias) with the
/// public statements lambdactl added for them, the function, then on request the role that
/// `deploy --create-role` made (recognised by its tag, never a role someone else made) and the
/// log group. Reads only in `plan`; `remove` runs the plan and treats a step whose resource is
/// already gone as done, so an interrupted delete can be run again.
public final class FunctionRemover: Sendable {
    /// The tag `deploy --create-role` puts on the roles it creates.
    public static let createdByTag = (key: "created-by", value: "lambdactl")

    let executor: ChangeExecutor

    public init(executor: ChangeExecutor) {
        self.executor = executor
    }

    public func plan(_ options: DeleteOptions) async throws -> RemovalPlan {
        let name = options.functionName
        var steps: [RemovalStep] = []
        var kept: [String] = []
        let function = try await executor.read(["lambda", "get-function", "--function-name", name], as: GetFunctionOutput.self)?.Configuration
        if let function {
            let aliases = try await executor.read(["lambda", "list-aliases", "--function-name", name], as: AliasList.self)?.Aliases ?? []
            for qualifier in [nil] + aliases.map(\.Name) as [String?] {
                let target = FunctionURLConfigurator.target(name, qualifier)
                let label = qualifier.map { "\(name):\($0)" } ?? name
                if let url = try await executor.read(["lambda", "get-function-url-config"] + target, as: FunctionURLConfig.self) {
                    steps.append(RemovalStep(summary: "Function URL of \(label) (\(url.FunctionUrl), auth \(url.AuthType))",
                                             arguments: ["lambda", "delete-function-url-config"] + target))
                }
                let policy = try await FunctionURLConfigurator(executor: executor).currentPolicy(target)
                // Some stand-ins answer every qualifier with the whole policy: keep the statements
                // whose resource is this qualifier's.
                for statement in policy.statements where Self.addedByLambdactl(statement) && Self.grants(statement, qualifier: qualifier) {
                    steps.append(RemovalStep(summary: "permission \(statement.sid) on \(label) (\(statement.actions.joined(separator: ", ")) for \(statement.principal ?? "?"))",
                                             arguments: ["lambda", "remove-permission"] + target + ["--statement-id", statement.sid]))
                }
            }
            steps.append(RemovalStep(summary: "function \(name) (\(function.Runtime ?? "?"), \(function.architecture)\(aliases.isEmpty ? "" : ", aliases \(aliases.map(\.Name).joined(separator: ", "))"), all versions)",
                                     arguments: ["lambda", "delete-function", "--function-name", name]))
            if options.role {
                try await planRole(function.Role, steps: &steps, kept: &kept)
            }
        } else {
            kept.append("function \(name): it does not exist")
            if options.role { kept.append("its role: unknown without the function (delete it with aws iam delete-role)") }
        }
        if options.logs {
            let group = "/aws/lambda/\(name)"
            let groups = try await executor.read(["logs", "describe-log-groups", "--log-group-name-prefix", group], as: LogGroupList.self)?.logGroups ?? []
            if groups.contains(where: { $0.logGroupName == group }) {
                steps.append(RemovalStep(summary: "log group \(group)", arguments: ["logs", "delete-log-group", "--log-group-name", group]))
            } else {
                kept.append("log group \(group): it does not exist")
            }
        }
        return RemovalPlan(functionName: name, steps: steps, kept: kept)
    }

    /// Runs the steps in order (recorded instead in a dry run).
    public func remove(_ plan: RemovalPlan) async throws {
        for step in plan.steps {
            if !executor.dryRun { executor.progress("removing \(step.summary)") }
            do {
                try await executor.change(step.arguments)
            } catch let error as AWSCLIError where error.serviceCode == "ResourceNotFoundException" || error.serviceCode == "NoSuchEntity" {
                executor.progress("already gone: \(step.summary)")
            }
        }
    }

    /// The statements url-config adds for a public URL (whatever Sid they ended up under): they
    /// mean nothing without the URL, whoever added them.
    static func addedByLambdactl(_ statement: ResourcePolicy.Statement) -> Bool {
        statement.isPublicURLStatement || statement.isPublicInvokeViaURLStatement
    }

    /// Whether the statement's resource is the function itself (`qualifier` nil) or that alias.
    static func grants(_ statement: ResourcePolicy.Statement, qualifier: String?) -> Bool {
        guard let resource = statement.resource else { return true }
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
        let resourceQualifier = parts.count > 7 ? String(parts[7]) : nil
        return resourceQualifier == qualifier
    }

    /// The role goes only when lambdactl's tag says lambdactl made it; its policies are detached
    /// (managed) and deleted (inline) first, as IAM requires.
    func planRole(_ arn: String?, steps: inout [RemovalStep], kept: inout [String]) async throws {
        guard let arn, let roleName = arn.split(separator: "/").last.map(String.init) else {
            kept.append("role: the function names none")
            return
        }
        guard let role = try await executor.read(["iam", "get-role", "--role-name", roleName], as: TaggedRoleOutput.self) else {
            kept.append("role \(roleName): it does not exist")
            return
        }
        guard (role.Role.Tags ?? []).contains(where: { $0.Key == Self.createdByTag.key && $0.Value == Self.createdByTag.value }) else {
            kept.append("role \(roleName): lambdactl did not create it (no \(Self.createdByTag.key)=\(Self.createdByTag.value) tag); delete it yourself if nothing else uses it")
            return
        }
        let attached = try await executor.read(["iam", "list-attached-role-policies", "--role-name", roleName], as: AttachedPolicies.self)?.AttachedPolicies ?? []
        for policy in attached {
            steps.append(RemovalStep(summary: "policy \(policy.PolicyName) attached to role \(roleName)",
                                     arguments: ["iam", "detach-role-policy", "--role-name", roleName, "--policy-arn", policy.PolicyArn]))
        }
        let inline = try await executor.read(["iam", "list-role-policies", "--role-name", roleName], as: InlinePolicies.self)?.PolicyNames ?? []
        for policy in inline {
            steps.append(RemovalStep(summary: "inline policy \(policy) of role \(roleName)",
                                     arguments: ["iam", "delete-role-policy", "--role-name", roleName, "--policy-name", policy]))
        }
        steps.append(RemovalStep(summary: "role \(roleName) (created by lambdactl)", arguments: ["iam", "delete-role", "--role-name", roleName]))
    }
}

struct AliasList: Decodable {
    var Aliases: [AliasConfiguration]?
}

struct LogGroupList: Decodable {
    struct Group: Decodable { var logGroupName: String }
    var logGroups: [Group]?
}

struct TaggedRoleOutput: Decodable {
    struct Tag: Decodable { var Key: String; var Value: String }
    struct Role: Decodable { var Arn: String; var RoleName: String; var Tags: [Tag]? }
    var Role: Role
}

struct AttachedPolicies: Decodable {
    struct Policy: Decodable { var PolicyName: String; var PolicyArn: String }
    var AttachedPolicies: [Policy]?
}

struct InlinePolicies: Decodable {
    var PolicyNames: [String]?
}
