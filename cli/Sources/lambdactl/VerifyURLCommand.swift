import ArgumentParser
import LambdaArchive
import Foundation
import LambdaAWS
import LambdaVerify

/// `lambdactl verify-url`: fail a CI build when a Function URL does not stream.
struct VerifyURLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-url",
        abstract: "Request a Function URL and fail unless the response really streams.",
        discussion: """
        Records when each part of the body arrives. The verdict is "streams" when the body came in at \
        least --min-chunks reads whose first and last are at least --min-spread-ms apart, "buffered" \
        when it came in one burst. Also names a 403 from a missing permission (with the add-permission \
        commands), a prelude leaked into the body, a stream cut short, an x-amzn-ErrorType header, \
        timeouts, a redirect (not followed: a Function URL never redirects) and a refused SigV4 \
        signature. A refused connection, a DNS or a TLS failure is reported at once, by name.

        With --function, the URL is read through your aws CLI (get-function-url-config); a URL in \
        BUFFERED mode fails at once with the fix, and an AWS_IAM URL is signed with SigV4 (as with \
        --iam) using the credentials the CLI resolves.

        Exit status: 0 streams and every expectation met; 1 buffered, an expectation failed or the \
        function failed; 2 usage or configuration error; 3 network or TLS error (no response).

        Examples:
          # look the URL up and check that it streams
          lambdactl verify-url --function words --data '{"sentence": "a b c"}'
          # a URL, with the verdict as GitHub annotations
          lambdactl verify-url https://abc.lambda-url.eu-west-1.on.aws/ --format github
          # an AWS_IAM URL, signed
          lambdactl verify-url --function words --iam --data '{}'
          # a local function (lambdactl serve)
          lambdactl verify-url http://127.0.0.1:9000/ --data '{}'
        """
    )

    @Argument(help: ArgumentHelp("The Function URL (https://<id>.lambda-url.<region>.on.aws/...).", valueName: "url"))
    var url: String?

    @Option(name: .long, help: ArgumentHelp("Look the URL up from this function's URL config instead.", valueName: "name"))
    var function: String?

    @Option(name: [.customLong("qualifier"), .customLong("alias")], help: ArgumentHelp("With --function: the alias (or version) whose URL to request.", valueName: "name"))
    var qualifier: String?

    @Option(name: .long, help: ArgumentHelp("A path and query to append to the function's URL (with --function).", valueName: "path"))
    var path: String?

    @Flag(name: .long, help: "Sign the request with SigV4 (service lambda) for an AWS_IAM Function URL.")
    var iam = false

    @OptionGroup var aws: AWSCommandOptions

    @Option(name: .long, help: ArgumentHelp("Request body (sent with POST unless --method says otherwise).", valueName: "json"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Read the request body from a file.", valueName: "file"), completion: .file())
    var dataFile: String?

    @Option(name: .long, help: ArgumentHelp("HTTP method (default: POST with a body, else GET).", valueName: "method"))
    var method: String?

    @Option(name: .long, help: ArgumentHelp("A request header, Name:Value (repeatable).", valueName: "header"))
    var header: [String] = []

    @Option(name: .long, help: ArgumentHelp("Fail unless the status is this.", valueName: "code"))
    var expectStatus: Int?

    @Option(name: .long, help: ArgumentHelp("Fail unless the response has this header, Name:Value (repeatable).", valueName: "header"))
    var expectHeader: [String] = []

    @Option(name: .long, help: ArgumentHelp("Fewest body reads that count as streamed (default: lambdactl.toml's, else 2).", valueName: "n"))
    var minChunks: Int?

    @Option(name: .long, help: ArgumentHelp("Shortest time between the first and last read that counts as streamed.", valueName: "ms"))
    var minSpreadMs: Double = 100

    @Option(name: .long, help: ArgumentHelp("Fail unless the body has exactly this many lines.", valueName: "n"))
    var expectLines: Int?

    @Option(name: .long, help: ArgumentHelp("Fail when the first body byte comes later than this.", valueName: "ms"))
    var maxFirstByteMs: Double?

    @Option(name: .long, help: ArgumentHelp("Give up after this many seconds.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(name: .long, help: "Do not verify the TLS certificate (for test servers only).")
    var insecure = false

    @Option(name: .long, help: ArgumentHelp("Trust the CA certificates in this PEM file.", valueName: "file"), completion: .file(extensions: ["pem", "crt"]))
    var caFile: String?

    @Flag(name: .long, help: "Print every figure as one JSON object.")
    var json = false

    @Option(name: .long, help: "Output format: text, or github (workflow annotations).")
    var format: FormatArgument = .text

    enum FormatArgument: String, ExpressibleByArgument, CaseIterable { case text, github }

    static func headerPair(_ text: String, option: String) throws -> (String, String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw ValidationError("\(option) takes Name:Value, not '\(text)'.")
        }
        return (String(text[..<colon]).trimmingCharacters(in: .whitespaces),
                String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }

    func validate() throws {
        switch (url, function) {
        case (.some, .some): throw ValidationError("give a URL or --function, not both.")
        case (let url?, nil):
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw ValidationError("'\(url)' is not an http(s) URL.")
            }
        default: break
        }
        if qualifier != nil && url != nil { throw ValidationError("--qualifier applies to --function, not to a URL.") }
        if data != nil && dataFile != nil { throw ValidationError("pass --data or --data-file, not both.") }
        if let minChunks, minChunks < 1 { throw ValidationError("--min-chunks must be at least 1.") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive.") }
        for value in header { _ = try Self.headerPair(value, option: "--header") }
        for value in expectHeader { _ = try Self.headerPair(value, option: "--expect-header") }
    }

    func run() async throws {
        // Flags first, then lambdactl.toml: [function] name (when no URL is given) and [verify].
        let project = try Project.config()
        let function = url == nil ? try Project.functionName(self.function) : nil
        if url == nil && function == nil {
            printError("error: give a URL, or --function NAME to look it up (or set [function] name in \(Project.path)).")
            throw ExitCode(2)
        }
        let data = self.data ?? (dataFile == nil ? project.string("verify.data") : nil)
        let expectStatus = self.expectStatus ?? project.integer("verify.expect_status")
        let expectLines = self.expectLines ?? project.integer("verify.expect_lines")
        let minChunks = self.minChunks ?? project.integer("verify.min_chunks") ?? 2
        var body: [UInt8]?
        if let data { body = Array(data.utf8) }
        if let dataFile {
            guard let contents = FileManager.default.contents(atPath: dataFile) else {
                printError("error: cannot read --data-file \(dataFile).")
                throw ExitCode(2)
            }
            body = Array(contents)
        }
        var headers = try header.map { try Self.headerPair($0, option: "--header") }
        if body != nil && !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            headers.append(("Content-Type", "application/json"))
        }
        var target = url.flatMap(URL.init(string:))
        var sign = iam
        var cli: AWSCLI?
        if let function {
            let driver = try await aws.makeCLI()
            cli = driver
            do {
                let found = try await FunctionURLLookup.resolve(function: function, qualifier: qualifier, cli: driver)
                var text = found.url.absoluteString
                if let path { text = (text.hasSuffix("/") ? String(text.dropLast()) : text) + (path.hasPrefix("/") ? path : "/" + path) }
                target = URL(string: text)
                sign = sign || found.authType == "AWS_IAM"
            } catch {
                // An aws CLI failure keeps its own status (3 when AWS is unreachable); any other
                // problem finding the URL is configuration.
                printError("error: \(ErrorText.describe(error))")
                throw ExitCode(error is ExitCoded ? exitStatus(for: error) : 2)
            }
        }
        guard let target else { throw ExitCode(2) }
        var request = VerifyRequest(
            url: target, method: method ?? (body == nil ? "GET" : "POST"), headers: headers, body: body,
            timeout: timeout, insecure: insecure, caFile: caFile,
            expectations: VerifyExpectations(
                status: expectStatus, headers: try expectHeader.map { try Self.headerPair($0, option: "--expect-header") },
                minChunks: minChunks, lines: expectLines, maxFirstByteMilliseconds: maxFirstByteMs, minSpreadMilliseconds: minSpreadMs))
        if sign {
            do {
                let driver = if let cli { cli } else { try await aws.makeCLI() }
                guard let region = RequestSigner.region(ofFunctionURL: target) ?? driver.options.region
                        ?? ProcessInfo.processInfo.environment["AWS_REGION"] ?? ProcessInfo.processInfo.environment["AWS_DEFAULT_REGION"] else {
                    throw VerifyConfigurationError.noRegion
                }
                request = await RequestSigner.sign(request, credentials: try AWSCredentials.export(from: driver), region: region)
            } catch let error as ExitCode {
                throw error
            } catch {
                printError("error: \(ErrorText.describe(error))")
                throw ExitCode(error is ExitCoded ? exitStatus(for: error) : 2)
            }
        }
        let recording = await StreamProbe().record(request)
        let result = StreamVerdict.judge(recording, expectations: request.expectations, functionName: function, signed: request.signed)
        if json {
            print(VerifyReport.json(result, request: request))
        } else if format == .github {
            print(VerifyReport.github(result, request: request))
        } else {
            print(VerifyReport.text(result, request: request))
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
