import Foundation

/// Makes a function's URL match what was asked, idempotently: creates or updates the URL config,
/// and keeps the resource policy in step with the auth type.
///
/// A public (`NONE`) URL needs two statements since October 2025: `lambda:InvokeFunctionUrl`
/// conditioned on `lambda:FunctionUrlAuthType=NONE`, and `lambda:InvokeFunction` conditioned on
/// `lambda:InvokedViaFunctionUrl=true`; without the second, callers get 403. Only missing ones are
/// added; a Sid that already exists is not an error. For `AWS_IAM` both are removed, and the
/// policy a caller needs is returned for printing.
public final class FunctionURLConfigurator: @unchecked Sendable {
    public static let publicURLSid = "FunctionURLAllowPublicAccess"
    public static let publicInvokeSid = "FunctionURLAllowInvokeViaURL"

    let executor: ChangeExecutor

    public init(executor: ChangeExecutor) {
        self.executor = executor
    }

    public func apply(_ options: URLConfigOptions) throws -> URLConfigResult {
        let cli = executor.cli
        let name = options.functionName
        try cli.require(.invokeMode)
        let existing = try executor.read(["lambda", "get-function-url-config", "--function-name", name], as: FunctionURLConfig.self)
        let auth = options.auth ?? existing.flatMap { URLAuthType(rawValue: $0.AuthType) } ?? .awsIAM
        if auth == .none { try cli.require(.invokedViaFunctionURL) }

        var settings = ["--auth-type", auth.rawValue, "--invoke-mode", options.invokeMode.rawValue]
        if let origins = options.corsOrigins {
            settings += ["--cors", Self.corsJSON(origins)]
        }
        var config = existing
        var created = false, updated = false
        if let current = existing {
            let corsDiffers = options.corsOrigins.map { Set(current.Cors?.AllowOrigins ?? []) != Set($0) } ?? false
            if current.AuthType != auth.rawValue || current.invokeMode != options.invokeMode.rawValue || corsDiffers {
                executor.progress("updating the URL of \(name): \(auth.rawValue), \(options.invokeMode.rawValue)")
                if let result = try executor.change(["lambda", "update-function-url-config", "--function-name", name] + settings, as: FunctionURLConfig.self) {
                    config = result
                }
                updated = true
            }
        } else {
            executor.progress("creating a URL for \(name): \(auth.rawValue), \(options.invokeMode.rawValue)")
            config = try executor.change(["lambda", "create-function-url-config", "--function-name", name] + settings, as: FunctionURLConfig.self)
            created = true
        }

        let policy = try currentPolicy(name)
        var added: [String] = [], removed: [String] = []
        var callerPolicy: String?
        switch auth {
        case .none:
            if !policy.statements.contains(where: \.isPublicURLStatement) {
                if try addPermission(name, sid: Self.publicURLSid,
                                     ["--action", "lambda:InvokeFunctionUrl", "--principal", "*", "--function-url-auth-type", "NONE"]) {
                    added.append(Self.publicURLSid)
                }
            }
            if !policy.statements.contains(where: \.isPublicInvokeViaURLStatement) {
                if try addPermission(name, sid: Self.publicInvokeSid,
                                     ["--action", "lambda:InvokeFunction", "--principal", "*", "--invoked-via-function-url"]) {
                    added.append(Self.publicInvokeSid)
                }
            }
        case .awsIAM:
            for statement in policy.statements where statement.isPublicURLStatement || statement.isPublicInvokeViaURLStatement {
                executor.progress("removing public statement \(statement.sid)")
                do {
                    try executor.change(["lambda", "remove-permission", "--function-name", name, "--statement-id", statement.sid])
                    removed.append(statement.sid)
                } catch let error as AWSCLIError where error.serviceCode == "ResourceNotFoundException" {
                    continue
                }
            }
            callerPolicy = Self.callerPolicy(functionArn: config?.FunctionArn ?? existing?.FunctionArn ?? "arn:aws:lambda:REGION:ACCOUNT:function:\(name)")
        }
        return URLConfigResult(config: config, created: created, updated: updated, addedStatements: added,
                               removedStatements: removed, callerPolicy: callerPolicy, plannedCommands: executor.planned)
    }

    /// The URL config and its statements, without changing anything (`--show`).
    public func show(_ name: String) throws -> (config: FunctionURLConfig?, policy: ResourcePolicy) {
        let config = try executor.read(["lambda", "get-function-url-config", "--function-name", name], as: FunctionURLConfig.self)
        return (config, try currentPolicy(name))
    }

    func currentPolicy(_ name: String) throws -> ResourcePolicy {
        guard let output = try executor.read(["lambda", "get-policy", "--function-name", name], as: GetPolicyOutput.self) else {
            return ResourcePolicy(statements: [])
        }
        return try ResourcePolicy(policyJSON: output.Policy)
    }

    /// `true` when the statement was added (or would be, in a dry run); a Sid that exists already is
    /// taken as the statement being there.
    func addPermission(_ name: String, sid: String, _ arguments: [String]) throws -> Bool {
        executor.progress("adding statement \(sid)")
        do {
            try executor.change(["lambda", "add-permission", "--function-name", name, "--statement-id", sid] + arguments, retryCodes: [])
            return true
        } catch let error as AWSCLIError where error.serviceCode == "ResourceConflictException" {
            executor.progress("statement \(sid) already exists")
            return false
        }
    }

    /// The identity policy an IAM caller needs for an AWS_IAM URL (both actions since October 2025).
    public static func callerPolicy(functionArn: String) -> String {
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"],
              "Resource": "\(functionArn)"
            }
          ]
        }
        """
    }

    static func corsJSON(_ origins: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(["AllowOrigins": origins])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
