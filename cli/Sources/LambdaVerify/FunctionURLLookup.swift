import Foundation
import LambdaAWS

/// `verify-url --function NAME`: the function's URL, auth type and invoke mode, read through the
/// user's aws CLI. A URL left in BUFFERED mode fails here, before any request, since it cannot
/// stream whatever the function does.
public enum FunctionURLLookup {
    public struct Target: Sendable {
        public var url: URL
        public var authType: String
        public var invokeMode: String
    }

    /// `qualifier`: the alias (or version) whose own URL to read.
    public static func resolve(function: String, qualifier: String? = nil, cli: AWSCLI) async throws -> Target {
        let executor = ChangeExecutor(cli: cli, dryRun: false, progress: { _ in })
        let target = ["--function-name", function] + (qualifier.map { ["--qualifier", $0] } ?? [])
        guard let config = try await executor.read(["lambda", "get-function-url-config"] + target, as: FunctionURLConfig.self) else {
            throw VerifyConfigurationError.noFunctionURL(function: function)
        }
        let mode = config.InvokeMode ?? "BUFFERED"
        guard mode == "RESPONSE_STREAM" else {
            throw VerifyConfigurationError.bufferedInvokeMode(function: function, url: config.FunctionUrl)
        }
        guard let url = URL(string: config.FunctionUrl) else {
            throw VerifyConfigurationError.badURL(config.FunctionUrl)
        }
        return Target(url: url, authType: config.AuthType, invokeMode: mode)
    }
}
