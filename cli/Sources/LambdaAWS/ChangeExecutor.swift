import Foundation
import Synchronization

/// Runs the commands that change things, or — in a dry run — records and prints them instead.
/// Reads always run (they change nothing and decide what the changes are).
///
/// Lambda refuses a change while the previous one is still being applied
/// (`ResourceConflictException`), and IAM roles take seconds to become usable after creation;
/// both are retried with exponential backoff.
public final class ChangeExecutor: Sendable {
    public let cli: AWSCLI
    public let dryRun: Bool
    /// Progress lines (to standard error in the CLI).
    public let progress: @Sendable (String) -> Void
    /// Backoff delays in seconds; the number of entries is the number of retries.
    public let retryDelays: [Double]
    /// The changes a dry run recorded. A lock, not a plain `var`: deploy and url-config are called
    /// from async commands, and nothing stops a caller from sharing one executor between tasks.
    private let recorded = Mutex<[String]>([])

    /// The commands a dry run would have run, in order.
    public var planned: [String] { recorded.withLock { $0 } }

    public init(cli: AWSCLI, dryRun: Bool, retryDelays: [Double] = [1, 2, 4, 8, 16],
                progress: @escaping @Sendable (String) -> Void) {
        self.cli = cli
        self.dryRun = dryRun
        self.retryDelays = retryDelays
        self.progress = progress
    }

    /// A read: decodes the output; `nil` when AWS says the resource does not exist.
    public func read<T: Decodable>(_ arguments: [String], as type: T.Type = T.self) async throws -> T? {
        do {
            return try await cli.json(arguments, as: T.self)
        } catch let error as AWSCLIError where error.serviceCode == "ResourceNotFoundException" || error.serviceCode == "NoSuchEntity" {
            return nil
        }
    }

    /// A change: runs it (with retries) and decodes its output, or records it and returns `nil`
    /// in a dry run.
    @discardableResult
    public func change<T: Decodable>(_ arguments: [String], as type: T.Type = T.self,
                                     retryCodes: Set<String> = ["ResourceConflictException", "TooManyRequestsException"],
                                     retryMessages: [String] = []) async throws -> T? {
        if dryRun {
            let command = cli.display(arguments)
            recorded.withLock { $0.append(command) }
            return nil
        }
        var attempt = 0
        while true {
            do {
                return try await cli.json(arguments, as: T.self)
            } catch let error as AWSCLIError {
                guard case .service(let service, _) = error,
                      retryCodes.contains(service.code) || retryMessages.contains(where: { service.message.contains($0) }) else { throw error }
                guard attempt < retryDelays.count else {
                    if service.code == "ResourceConflictException" {
                        throw AWSCLIError.conflictPersisted(command: cli.display(arguments), attempts: attempt + 1)
                    }
                    throw error
                }
                let delay = retryDelays[attempt]
                progress("\(service.code): \(service.message) — retrying in \(Int(delay)) s")
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                attempt += 1
            }
        }
    }

    /// A change whose output does not matter.
    public func change(_ arguments: [String], retryCodes: Set<String> = ["ResourceConflictException", "TooManyRequestsException"]) async throws {
        let _: EmptyOutput? = try await change(arguments, as: EmptyOutput.self, retryCodes: retryCodes)
    }

    /// `aws lambda wait ...`: in a dry run it is listed too, so the printed plan is complete.
    public func wait(_ arguments: [String]) async throws {
        if dryRun {
            let command = cli.display(arguments)
            recorded.withLock { $0.append(command) }
            return
        }
        try await cli.run(arguments)
    }
}

/// For commands whose JSON output is ignored (or empty).
public struct EmptyOutput: Decodable {}
