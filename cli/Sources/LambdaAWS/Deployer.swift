import Foundation
import LambdaArchive

/// `lambdactl deploy`: checks the package, then creates or updates the function through the aws
/// CLI, idempotently: unchanged code is not uploaded, unchanged settings are not sent, and every
/// step waits until Lambda has applied the previous one.
public final class Deployer: Sendable {
    /// Lambda's limit for a zip sent in the request itself.
    public static let directUploadLimit = PackageLimits.directUploadBytes
    static let basicExecutionPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    static let trustPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

    let executor: ChangeExecutor
    var cli: AWSCLI { executor.cli }
    var progress: @Sendable (String) -> Void { executor.progress }

    public init(executor: ChangeExecutor) {
        self.executor = executor
    }

    public func deploy(_ options: DeployOptions) async throws -> DeployResult {
        var preflight = try Self.preflight(options)
        let name = options.functionName

        // Reads first: what exists decides what changes.
        let fetched = try await executor.read(["lambda", "get-function", "--function-name", name], as: GetFunctionOutput.self)
        var existing = fetched?.Configuration
        // An existing function keeps its runtime unless one was asked for; the package is checked
        // against that runtime's glibc, not al2023's.
        let runtime = options.runtime ?? existing?.Runtime.flatMap(TargetRuntime.init(rawValue:)) ?? .providedAL2023
        if runtime != preflight.runtime { preflight = try Self.preflight(options, runtime: runtime) }
        let report = preflight.report
        // A zip with no ELF file (a script bootstrap) keeps the function's architecture.
        let architecture = preflight.architecture ?? existing.flatMap { Architecture(rawValue: $0.architecture) } ?? .x86_64
        if existing == nil && options.role == nil && !options.createRole {
            throw DeployError.noRole(function: name)
        }
        if options.url {
            try cli.require(.invokeMode)
            if options.urlAuth == URLAuthType.none { try cli.require(.invokedViaFunctionURL) }
        }

        let (layerArns, publishedLayers) = try await resolveLayers(options, architecture: architecture, runtime: runtime)
        let codeUnchanged = existing.map { $0.CodeSha256 == report.codeSha256 && $0.architecture == architecture.rawValue } ?? false
        var codeVia: String?
        var codeArguments: [String] = []
        if !codeUnchanged {
            if let bucket = options.s3Bucket, report.zippedSize > Self.directUploadLimit {
                let key = "lambdactl/\(name)/\(report.sha256Hex).zip"
                progress("uploading \(ByteCount(report.zippedSize)) to s3://\(bucket)/\(key)")
                try await executor.change(["s3api", "put-object", "--bucket", bucket, "--key", key, "--body", absolute(options.zipPath)])
                codeVia = "s3://\(bucket)/\(key)"
                codeArguments = existing == nil ? ["--code", "S3Bucket=\(bucket),S3Key=\(key)"] : ["--s3-bucket", bucket, "--s3-key", key]
            } else {
                codeVia = "direct"
                codeArguments = existing == nil ? ["--zip-file", "fileb://" + absolute(options.zipPath)] : ["--zip-file", "fileb://" + absolute(options.zipPath)]
            }
        }

        var action = "unchanged"
        var configurationUpdated = false
        var final: RemoteFunction?
        if let current = existing {
            if current.State == "Pending" || current.LastUpdateStatus == "InProgress" {
                progress("waiting for the update already in progress on \(name)")
                try await executor.wait(["lambda", "wait", "function-updated-v2", "--function-name", name])
            }
            if codeUnchanged {
                progress("code unchanged (CodeSha256 \(report.codeSha256), \(architecture)): upload skipped")
            } else {
                progress("updating code of \(name) (\(architecture), \(ByteCount(report.zippedSize)))")
                let updated = try await executor.change(["lambda", "update-function-code", "--function-name", name, "--architectures", architecture.rawValue] + codeArguments,
                                                  as: RemoteFunction.self)
                action = "updated"
                if let updated { existing = updated; final = updated }
                if updated?.LastUpdateStatus != "Successful" {
                    try await executor.wait(["lambda", "wait", "function-updated-v2", "--function-name", name])
                }
            }
            let changes = configurationChanges(current: current, options: options, layerArns: layerArns)
            if !changes.isEmpty {
                progress("updating configuration of \(name)")
                let updated = try await executor.change(["lambda", "update-function-configuration", "--function-name", name] + changes, as: RemoteFunction.self)
                action = "updated"
                configurationUpdated = true
                if let updated { final = updated }
                if updated?.LastUpdateStatus != "Successful" {
                    try await executor.wait(["lambda", "wait", "function-updated-v2", "--function-name", name])
                }
            }
            final = final ?? current
        } else {
            let role: String
            if let given = options.role { role = given } else { role = try await createRole(for: name) }
            var arguments = ["lambda", "create-function", "--function-name", name, "--runtime", runtime.rawValue,
                             "--handler", "bootstrap", "--role", role, "--architectures", architecture.rawValue] + codeArguments
            if let memory = options.memory { arguments += ["--memory-size", String(memory)] }
            if let timeout = options.timeout { arguments += ["--timeout", String(timeout)] }
            if let environment = options.environment, !environment.isEmpty { arguments += ["--environment", Self.environmentJSON(environment)] }
            if !layerArns.isEmpty { arguments += ["--layers"] + layerArns }
            arguments += Self.settingsArguments(options)
            if let tags = options.tags, !tags.isEmpty { arguments += ["--tags", Self.jsonObject(tags)] }
            progress("creating \(name) (\(architecture), \(runtime.rawValue))")
            // A role made seconds ago is not yet assumable by Lambda: retry that too.
            let created = try await executor.change(arguments, as: RemoteFunction.self,
                                              retryMessages: ["cannot be assumed by Lambda", "role defined for the function cannot be assumed"])
            action = "created"
            final = created
            if created?.State != "Active" {
                try await executor.wait(["lambda", "wait", "function-active-v2", "--function-name", name])
            }
        }

        // Tags an existing function lacks (or has with another value); the others stay.
        var tagsSet: [String] = []
        if let tags = options.tags, let current = fetched {
            let missing = tags.filter { current.Tags?[$0.key] != $0.value }
            if !missing.isEmpty {
                progress("tagging \(name): \(missing.keys.sorted().joined(separator: ", "))")
                try await executor.change(["lambda", "tag-resource", "--resource", current.Configuration.FunctionArn, "--tags", Self.jsonObject(missing)])
                tagsSet = missing.keys.sorted()
            }
        } else if let tags = options.tags {
            tagsSet = tags.keys.sorted()
        }
        var retention: Int?
        if let days = options.logRetentionDays { retention = try await applyLogRetention(name, days: days) }

        // A version only once the code and configuration are in place; an alias follows it.
        var published: (version: String, alias: String?, aliasAction: String?)?
        if options.publish || options.alias != nil {
            published = try await publishVersion(name, codeSha256: options.dryRun ? report.codeSha256 : (final?.CodeSha256 ?? report.codeSha256), alias: options.alias)
        }

        // What AWS returned is what runs; say so when it is not what was asked.
        if !options.dryRun, let returned = final?.architecture, returned != architecture.rawValue {
            progress("warning: \(name) reports architecture \(returned), not the \(architecture) asked for; the summary shows \(returned)")
        }

        var url: FunctionURLConfig?
        if options.url {
            let configurator = FunctionURLConfigurator(executor: executor)
            let result = try await configurator.apply(URLConfigOptions(functionName: name, invokeMode: .responseStream, auth: options.urlAuth,
                                                                 qualifier: options.alias))
            url = result.config
            for warning in result.warnings { progress("warning: \(warning)") }
        } else {
            url = try await executor.read(["lambda", "get-function-url-config", "--function-name", name] + (options.alias.map { ["--qualifier", $0] } ?? []),
                                    as: FunctionURLConfig.self)
        }

        return DeployResult(
            functionName: name,
            functionArn: final?.FunctionArn ?? "(created by the plan above)",
            architecture: options.dryRun ? (codeUnchanged ? (existing?.architecture ?? architecture.rawValue) : architecture.rawValue)
                : (final?.architecture ?? architecture.rawValue),
            runtime: final?.Runtime ?? runtime.rawValue,
            codeSha256: options.dryRun ? report.codeSha256 : (final?.CodeSha256 ?? report.codeSha256),
            action: options.dryRun ? (existing == nil ? "would create" : (codeUnchanged && executor.planned.isEmpty ? "unchanged" : "would update")) : action,
            codeUploaded: !codeUnchanged && !options.dryRun,
            codeVia: codeUnchanged ? nil : codeVia,
            configurationUpdated: configurationUpdated,
            tagsSet: tagsSet,
            logRetentionDays: retention,
            layers: options.dryRun || final == nil ? layerArns : (final?.layerArns ?? layerArns),
            publishedLayers: publishedLayers,
            url: url?.FunctionUrl,
            urlInvokeMode: url?.invokeMode,
            urlAuthType: url?.AuthType,
            version: published?.version,
            alias: published?.alias,
            aliasAction: published?.aliasAction,
            dryRun: options.dryRun,
            plannedCommands: executor.planned)
    }

    // MARK: before any call

    /// The checks that need no AWS call (the CLI runs them before it even looks for `aws`).
    @discardableResult
    public static func checkBeforeCalls(_ options: DeployOptions) throws -> PackageReport {
        try preflight(options).report
    }

    struct Preflight {
        var report: PackageReport
        /// `nil` when neither --arch nor an ELF file in the zip says.
        var architecture: Architecture?
        /// The runtime the package was checked against.
        var runtime: TargetRuntime
    }

    /// Everything that can be refused without asking AWS: the zip, its checks, its architecture,
    /// its size without a bucket, the layer count and the environment size.
    /// `runtime` defaults to the one asked for, else provided.al2023 (the newest glibc, so the check
    /// before the function is read refuses nothing the function's own runtime would accept).
    static func preflight(_ options: DeployOptions, runtime: TargetRuntime? = nil) throws -> Preflight {
        let runtime = runtime ?? options.runtime ?? .providedAL2023
        guard FileManager.default.fileExists(atPath: options.zipPath) else { throw DeployError.zipMissing(path: options.zipPath) }
        let layerZips = options.layers.filter { !$0.hasPrefix("arn:") }
        for zip in layerZips where !FileManager.default.fileExists(atPath: zip) { throw DeployError.zipMissing(path: zip) }
        if options.layers.count > 5 { throw DeployError.tooManyLayers(count: options.layers.count) }
        let report: PackageReport
        do {
            report = try PackageInspector.inspect(zipAt: options.zipPath,
                                                  options: PackageCheckOptions(architecture: options.architecture, runtime: runtime, layers: layerZips))
        } catch {
            throw DeployError.unreadableZip(path: options.zipPath, detail: "\(error)")
        }
        if let requested = options.architecture, let found = report.bootstrapArchitecture, found != requested {
            throw DeployError.architectureMismatch(zip: found, requested: requested, path: options.zipPath)
        }
        if report.hasErrors { throw DeployError.checksFailed(report.errors) }
        let architecture = options.architecture ?? report.bootstrapArchitecture ?? report.architecture
        if options.s3Bucket == nil {
            if report.zippedSize > directUploadLimit { throw DeployError.needsS3(path: options.zipPath, bytes: report.zippedSize) }
            for zip in layerZips {
                let size = ((try? FileManager.default.attributesOfItem(atPath: zip)[.size]) as? NSNumber)?.uint64Value ?? 0
                if size > directUploadLimit { throw DeployError.needsS3(path: zip, bytes: size) }
            }
        }
        if let environment = options.environment {
            let bytes = environment.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
            if bytes > 4096 { throw DeployError.environmentTooLarge(bytes: bytes) }
        }
        return Preflight(report: report, architecture: architecture, runtime: runtime)
    }

    // MARK: steps

    /// Layer ARNs as given; layer zips published as versions (or reused when a version with the
    /// same SHA-256, runtime and architecture exists — its description carries the digest).
    /// Returns every ARN in order and, apart, the ones this call published.
    func resolveLayers(_ options: DeployOptions, architecture: Architecture,
                       runtime: TargetRuntime) async throws -> (arns: [String], published: [String]) {
        var arns: [String] = [], publishedLayers: [String] = []
        for layer in options.layers {
            if layer.hasPrefix("arn:") { arns.append(layer); continue }
            let digest = HexText.lowercase(try PackageInspector.sha256(ofFileAt: layer))
            let layerName = Self.layerName(for: layer)
            let marker = LayerPublisher.marker(sha256Hex: digest)
            let versions = try await executor.read(["lambda", "list-layer-versions", "--layer-name", layerName], as: LayerVersionList.self)?.LayerVersions ?? []
            if let match = versions.first(where: { ($0.Description ?? "").contains(marker)
                    && ($0.CompatibleArchitectures ?? [architecture.rawValue]).contains(architecture.rawValue)
                    && ($0.CompatibleRuntimes ?? [runtime.rawValue]).contains(runtime.rawValue) }) {
                progress("layer \(layerName) unchanged: reusing \(match.LayerVersionArn)")
                arns.append(match.LayerVersionArn)
                continue
            }
            var content = ["--zip-file", "fileb://" + absolute(layer)]
            let size = ((try? FileManager.default.attributesOfItem(atPath: layer)[.size]) as? NSNumber)?.uint64Value ?? 0
            if let bucket = options.s3Bucket, size > Self.directUploadLimit {
                let key = "lambdactl/layers/\(layerName)/\(digest).zip"
                try await executor.change(["s3api", "put-object", "--bucket", bucket, "--key", key, "--body", absolute(layer)])
                content = ["--content", "S3Bucket=\(bucket),S3Key=\(key)"]
            }
            progress("publishing layer \(layerName) from \(layer)")
            let published = try await executor.change(["lambda", "publish-layer-version", "--layer-name", layerName, "--description", marker,
                                                 "--compatible-runtimes", runtime.rawValue,
                                                 "--compatible-architectures", architecture.rawValue] + content, as: LayerVersion.self)
            let arn = published?.LayerVersionArn ?? "<version of layer \(layerName) published above>"
            publishedLayers.append(arn)
            arns.append(arn)
        }
        return (arns, publishedLayers)
    }

    /// Only the settings that were asked for and differ from the function's.
    func configurationChanges(current: RemoteFunction, options: DeployOptions, layerArns: [String]) -> [String] {
        var changes: [String] = []
        if let runtime = options.runtime, current.Runtime != runtime.rawValue { changes += ["--runtime", runtime.rawValue] }
        if let role = options.role, current.Role != role { changes += ["--role", role] }
        if let memory = options.memory, current.MemorySize != memory { changes += ["--memory-size", String(memory)] }
        if let timeout = options.timeout, current.Timeout != timeout { changes += ["--timeout", String(timeout)] }
        if let environment = options.environment, (current.Environment?.Variables ?? [:]) != environment {
            changes += ["--environment", Self.environmentJSON(environment)]
        }
        if !options.layers.isEmpty, current.layerArns != layerArns { changes += ["--layers"] + layerArns }
        if let description = options.description, (current.Description ?? "") != description { changes += ["--description", description] }
        if let tracing = options.tracing, (current.TracingConfig?.Mode ?? "PassThrough") != tracing.rawValue {
            changes += ["--tracing-config", "Mode=\(tracing.rawValue)"]
        }
        if let size = options.ephemeralStorageMB, (current.EphemeralStorage?.Size ?? 512) != size { changes += ["--ephemeral-storage", "Size=\(size)"] }
        return changes
    }

    /// The settings a new function gets when they were asked for.
    static func settingsArguments(_ options: DeployOptions) -> [String] {
        var arguments: [String] = []
        if let description = options.description { arguments += ["--description", description] }
        if let tracing = options.tracing { arguments += ["--tracing-config", "Mode=\(tracing.rawValue)"] }
        if let size = options.ephemeralStorageMB { arguments += ["--ephemeral-storage", "Size=\(size)"] }
        return arguments
    }

    /// Sets the retention of /aws/lambda/<function>, creating the group first when the function
    /// has not logged yet (Lambda would create it without retention: logs kept forever).
    func applyLogRetention(_ name: String, days: Int) async throws -> Int {
        let group = "/aws/lambda/\(name)"
        let groups = try await executor.read(["logs", "describe-log-groups", "--log-group-name-prefix", group], as: RetentionGroupList.self)?.logGroups ?? []
        let current = groups.first { $0.logGroupName == group }
        if current == nil {
            progress("creating log group \(group)")
            try await executor.change(["logs", "create-log-group", "--log-group-name", group], retryCodes: [])
        }
        if current?.retentionInDays != days {
            progress("keeping the logs of \(name) for \(days) days")
            try await executor.change(["logs", "put-retention-policy", "--log-group-name", group, "--retention-in-days", String(days)])
        }
        return days
    }

    static func jsonObject(_ map: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(map)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Publishes $LATEST as a version described by its CodeSha256 and points `alias` at it.
    /// Lambda publishes nothing new when code and configuration are unchanged since the last
    /// version (it returns that version), so an unchanged deploy keeps its version and its alias.
    /// `--code-sha256` makes Lambda refuse if someone else's upload landed in between.
    func publishVersion(_ name: String, codeSha256: String, alias: String?) async throws -> (version: String, alias: String?, aliasAction: String?) {
        progress("publishing a version of \(name)")
        let published = try await executor.change(["lambda", "publish-version", "--function-name", name, "--description", codeSha256, "--code-sha256", codeSha256],
                                            as: PublishedVersion.self)
        let version = published?.Version ?? "<version published above>"
        if let published, published.State != nil && published.State != "Active" {
            try await executor.wait(["lambda", "wait", "published-version-active", "--function-name", name, "--qualifier", published.Version])
        }
        guard let alias else { return (version, nil, nil) }
        let current = try await executor.read(["lambda", "get-alias", "--function-name", name, "--name", alias], as: AliasConfiguration.self)
        if let current, current.FunctionVersion == version {
            progress("alias \(alias) already points at version \(version)")
            return (version, alias, "unchanged")
        }
        if current == nil {
            progress("creating alias \(alias) for version \(version)")
            try await executor.change(["lambda", "create-alias", "--function-name", name, "--name", alias, "--function-version", version])
            return (version, alias, "created")
        }
        progress("moving alias \(alias) from version \(current?.FunctionVersion ?? "?") to \(version)")
        try await executor.change(["lambda", "update-alias", "--function-name", name, "--name", alias, "--function-version", version])
        return (version, alias, "moved")
    }

    /// Creates (or finds) `lambdactl-<function>` with the basic execution policy.
    func createRole(for function: String) async throws -> String {
        let roleName = String("lambdactl-\(function)".prefix(64))
        if let role = try await executor.read(["iam", "get-role", "--role-name", roleName], as: RoleOutput.self) {
            progress("using existing role \(role.Role.Arn)")
            return role.Role.Arn
        }
        progress("creating role \(roleName) with AWSLambdaBasicExecutionRole")
        let created = try await executor.change(["iam", "create-role", "--role-name", roleName, "--assume-role-policy-document", Self.trustPolicy,
                                           "--description", "Execution role for \(function), created by lambdactl",
                                           // So that `delete --role` knows lambdactl made it, and removes no one else's role.
                                           "--tags", "Key=\(FunctionRemover.createdByTag.key),Value=\(FunctionRemover.createdByTag.value)"], as: RoleOutput.self)
        try await executor.change(["iam", "attach-role-policy", "--role-name", roleName, "--policy-arn", Self.basicExecutionPolicy])
        return created?.Role.Arn ?? "<arn of role \(roleName) created above>"
    }

    static func environmentJSON(_ environment: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(["Variables": environment])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A layer name from the zip's file name (`python-layer.zip` → `python-layer`), limited to the
    /// characters Lambda accepts.
    static func layerName(for zip: String) -> String {
        var stem = URL(fileURLWithPath: zip).deletingPathExtension().lastPathComponent
        stem = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        return stem.isEmpty ? "layer" : String(stem.prefix(64))
    }

    func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

struct RoleOutput: Decodable {
    struct Role: Decodable { var Arn: String; var RoleName: String }
    var Role: Role
}

struct PublishedVersion: Decodable {
    var Version: String
    var State: String?
}

struct RetentionGroupList: Decodable {
    struct Group: Decodable { var logGroupName: String; var retentionInDays: Int? }
    var logGroups: [Group]?
}

struct LayerVersionList: Decodable {
    var LayerVersions: [LayerVersion]?
}
