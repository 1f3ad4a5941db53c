import Foundation

/// Makes a function's URL match what was asked, idempotently: creates or updates the URL config,
/// and keeps the resource policy in step with the auth type.
///
/// A public (`NONE`) URL needs two statements since October 2025: `lambda:InvokeFunctionUrl`
/// conditioned on `lambda:FunctionUrlAuthType=NONE`, and `lambda:InvokeFunction` conditioned on
/// `lambda:InvokedViaFunctionUrl=true`; without the second, callers get 403. Only missing ones are
/// added, under another Sid when the usual one is taken by a different statement. For `AWS_IAM` both are removed, and the
/// policy a caller needs is returned for printing.
public final class FunctionURLConfigurator: Sendable {
    public static let publicURLSid = "FunctionURLAllowPublicAccess"
    public static let publicInvokeSid = "FunctionURLAllowInvokeViaURL"

    let executor: ChangeExecutor

    public init(executor: ChangeExecutor) {
        self.executor = executor
    }

    public func apply(_ options: URLConfigOptions) async throws -> URLConfigResult {
        let cli = executor.cli
        let name = options.functionName
        let target = Self.target(name, options.qualifier)
        try cli.require(.invokeMode)
        let existing = try await executor.read(["lambda", "get-function-url-config"] + target, as: FunctionURLConfig.self)
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
                if let result = try await executor.change(["lambda", "update-function-url-config"] + target + settings, as: FunctionURLConfig.self) {
                    config = result
                }
                updated = true
            }
        } else {
            executor.progress("creating a URL for \(name): \(auth.rawValue), \(options.invokeMode.rawValue)")
            config = try await executor.change(["lambda", "create-function-url-config"] + target + settings, as: FunctionURLConfig.self)
            created = true
        }

        // moto, for one, accepts an invoke-mode update and keeps the old mode: trust what came back.
        var warnings: [String] = []
        if (created || updated) && !executor.dryRun, let config, config.invokeMode != options.invokeMode.rawValue {
            warnings.append("AWS returned invoke mode \(config.invokeMode) for the URL of \(name), not the \(options.invokeMode.rawValue) asked for: check it with lambdactl url-config \(name) --show")
        }

        let policy = try await currentPolicy(target)
        var added: [String] = [], removed: [String] = []
        var callerPolicy: String?
        switch auth {
        case .none:
            if !policy.statements.contains(where: \.isPublicURLStatement) {
                let sid = Self.freeSid(Self.publicURLSid, in: policy)
                if try await addPermission(target, sid: sid, ["--action", "lambda:InvokeFunctionUrl", "--principal", "*", "--function-url-auth-type", "NONE"],
                                     needed: \.isPublicURLStatement) {
                    added.append(sid)
                }
            }
            if !policy.statements.contains(where: \.isPublicInvokeViaURLStatement) {
                let sid = Self.freeSid(Self.publicInvokeSid, in: policy)
                if try await addPermission(target, sid: sid, ["--action", "lambda:InvokeFunction", "--principal", "*", "--invoked-via-function-url"],
                                     needed: \.isPublicInvokeViaURLStatement) {
                    added.append(sid)
                }
            }
        case .awsIAM:
            for statement in policy.statements where statement.isPublicURLStatement || statement.isPublicInvokeViaURLStatement {
                executor.progress("removing public statement \(statement.sid)")
                do {
                    try await executor.change(["lambda", "remove-permission"] + target + ["--statement-id", statement.sid])
                    removed.append(statement.sid)
                } catch let error as AWSCLIError where error.serviceCode == "ResourceNotFoundException" {
                    continue
                }
            }
            let arn = config?.FunctionArn ?? existing?.FunctionArn ?? "arn:aws:lambda:REGION:ACCOUNT:function:\(name)"
            // An alias's URL invokes the alias: the caller needs the qualified ARN.
            callerPolicy = Self.callerPolicy(functionArn: options.qualifier.map { arn.hasSuffix(":" + $0) ? arn : arn + ":" + $0 } ?? arn)
        }
        return URLConfigResult(config: config, created: created, updated: updated, addedStatements: added,
                               removedStatements: removed, callerPolicy: callerPolicy, warnings: warnings, plannedCommands: executor.planned)
    }

    /// The URL config and its statements, without changing anything (`--show`).
    public func show(_ name: String, qualifier: String? = nil) async throws -> (config: FunctionURLConfig?, policy: ResourcePolicy) {
        let target = Self.target(name, qualifier)
        let config = try await executor.read(["lambda", "get-function-url-config"] + target, as: FunctionURLConfig.self)
        return await (config, try currentPolicy(target))
    }

    /// `--function-name NAME`, plus `--qualifier Q` for an alias's (or version's) URL.
    static func target(_ name: String, _ qualifier: String?) -> [String] {
        ["--function-name", name] + (qualifier.map { ["--qualifier", $0] } ?? [])
    }

    func currentPolicy(_ target: [String]) async throws -> ResourcePolicy {
        guard let output = try await executor.read(["lambda", "get-policy"] + target, as: GetPolicyOutput.self) else {
            return ResourcePolicy(statements: [])
        }
        return try ResourcePolicy(policyJSON: output.Policy)
    }

    /// `preferred`, unless another statement already holds that Sid (someone's own permission, say):
    /// then `preferred-lambdactl`, `preferred-lambdactl-2`... so that the statement the URL needs
    /// is added next to it instead of being taken as present.
    static func freeSid(_ preferred: String, in policy: ResourcePolicy) -> String {
        let taken = Set(policy.statements.map(\.sid))
        guard taken.contains(preferred) else { return preferred }
        var candidate = preferred + "-lambdactl"
        var counter = 2
        while taken.contains(candidate) {
            candidate = preferred + "-lambdactl-\(counter)"
            counter += 1
        }
        return candidate
    }

    /// `true` when the statement was added (or would be, in a dry run). A ResourceConflictException
    /// (the Sid appeared since the policy was read) counts as success only when the statement now
    /// under that Sid is the one the URL needs; any other statement there leaves the URL closed
    /// (callers get 403), so that is an error that says how to free the Sid.
    func addPermission(_ target: [String], sid: String, _ arguments: [String], needed: (ResourcePolicy.Statement) -> Bool) async throws -> Bool {
        executor.progress("adding statement \(sid)")
        do {
            try await executor.change(["lambda", "add-permission"] + target + ["--statement-id", sid] + arguments, retryCodes: [])
            return true
        } catch let error as AWSCLIError where error.serviceCode == "ResourceConflictException" {
            let statement = try await currentPolicy(target).statements.first { $0.sid == sid }
            if let statement, needed(statement) {
                executor.progress("statement \(sid) already exists")
                return false
            }
            throw URLConfigError.sidTaken(function: target[1], sid: sid, actions: statement?.actions ?? [])
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
