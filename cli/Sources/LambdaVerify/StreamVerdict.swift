import LambdaAWS

/// Judges a recording.
///
/// A response **streams** when its body arrived in at least `minChunks` reads and the first and
/// last reads are at least `minSpreadMilliseconds` apart (default 100 ms): the bytes came over
/// time, not at once. It is **buffered** when it arrived in fewer reads or within that window (a
/// URL in BUFFERED mode, a proxy that buffers, or a runtime that flushes at the end all look like
/// this). The function must spread its output over time for the verdict to mean anything: a
/// stream written in one burst cannot be told from a buffered one by any client.
public enum StreamVerdict {
    /// What the Function URL front answers when the resource policy lacks a permission.
    static let forbiddenMarkers = ["Forbidden", "AccessDenied", "not authorized"]

    /// What a Function URL answers (403, `x-amzn-ErrorType`) when the SigV4 signature or the
    /// credentials behind it are refused, before the function is involved.
    static let signatureErrorTypes = ["InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignatureException",
                                      "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException",
                                      "MissingAuthenticationTokenException"]

    /// `signed`: the request carried a SigV4 signature (--iam, or an AWS_IAM URL via --function).
    public static func judge(_ recording: StreamRecording, expectations: VerifyExpectations, functionName: String? = nil,
                             signed: Bool = false) -> VerifyResult {
        var problems: [VerifyProblem] = []
        func problem(_ id: String, _ message: String, _ fix: String) { problems.append(VerifyProblem(id: id, message: message, fix: fix)) }
        let bodyText = String(decoding: recording.body.prefix(4096), as: UTF8.self)

        if let error = recording.networkError {
            let failure = recording.networkFailure ?? .other
            problem("network", "\(failure.summary): \(error)", failure.fix)
            return VerifyResult(verdict: .failed, problems: problems, recording: recording)
        }
        if recording.timedOut {
            let where_ = recording.totalBytes == 0 ? "before the first body byte" : "after \(recording.totalBytes) bytes"
            problem("timed-out", "the response stalled \(where_) and did not finish within the timeout.",
                    "Raise --timeout if the function is slow on purpose; otherwise check the function's logs (lambdactl tail) for a hang or a Lambda timeout.")
        }
        let status = recording.status ?? 0
        let errorType = recording.headers["x-amzn-errortype"]
        let signatureError = status == 403 ? signatureErrorTypes.first { code in errorType?.contains(code) == true || bodyText.contains(code) } : nil
        if (300..<400).contains(status) {
            problem("redirect", "status \(status) redirecting to \(recording.headers["location"] ?? "no Location"): a Function URL never redirects, so this is not one (or something in front of it answers).",
                    "Use the URL that aws lambda get-function-url-config --function-name NAME returns (or pass --function NAME); verify-url does not follow redirects.")
        } else if let signatureError {
            if signed {
                problem("signature", "403 \(signatureError): AWS refused the request's SigV4 signature or the credentials behind it; the function was not called.",
                        "Check the credentials the aws CLI resolves (aws sts get-caller-identity, --profile), that they are not expired (aws sso login), the region (--region), and this machine's clock (SigV4 allows 5 minutes of skew).")
            } else {
                problem("signature", "403 \(signatureError): the URL's AuthType is AWS_IAM and the request was not signed.",
                        "Pass --iam to sign the request with SigV4 (or --function NAME, which signs for AWS_IAM URLs).")
            }
        } else if status == 403 && (forbiddenMarkers.contains { bodyText.contains($0) } || errorType?.contains("AccessDenied") == true) {
            let name = functionName ?? "FUNCTION"
            problem("forbidden", "403 Forbidden from the Function URL: the resource policy does not let this caller invoke it.",
                    """
                    For a public (AuthType NONE) URL both statements are needed since October 2025: run `lambdactl url-config \(name) --auth NONE`, or
                      aws lambda add-permission --function-name \(name) --statement-id \(FunctionURLConfigurator.publicURLSid) --action lambda:InvokeFunctionUrl --principal '*' --function-url-auth-type NONE
                      aws lambda add-permission --function-name \(name) --statement-id \(FunctionURLConfigurator.publicInvokeSid) --action lambda:InvokeFunction --principal '*' --invoked-via-function-url
                    For AuthType AWS_IAM, pass --iam so the request is signed.
                    """)
        } else if let errorType {
            problem("function-error", "the response carries x-amzn-ErrorType: \(errorType)\(bodyText.isEmpty ? "" : " (\(bodyText.prefix(200)))").",
                    "The function failed; read its logs (lambdactl tail FUNCTION) for the error.")
        }
        if recording.bodyError != nil && !recording.timedOut {
            problem("stream-cut", "the body ended without its terminating chunk after \(recording.totalBytes) bytes: the stream was cut short.",
                    "The function crashed or timed out mid-stream, or reported an error in the stream's trailers; check its logs (lambdactl tail).")
        }
        if let nulls = firstPreludeSeparator(in: recording.body), nulls > 0, recording.body.first == UInt8(ascii: "{") {
            let json = String(decoding: recording.body.prefix(nulls), as: UTF8.self)
            if json.contains("statusCode") || json.contains("headers") {
                problem("prelude-leaked", "the body starts with the status/headers prelude and its 8 NUL bytes (\(json.prefix(80))...): the runtime wrote it without the HTTP integration content type.",
                        "Set Content-Type: application/vnd.awslambda.http-integration-response on the streamed response before the prelude (LambdaRuntime's writeStatusAndHeaders does).")
            }
        }

        // Expectations.
        if let expected = expectations.status, expected != status {
            problem("status", "status \(status), expected \(expected).", "Check the function's prelude statusCode, or the expectation.")
        }
        for (name, value) in expectations.headers {
            let actual = recording.headers[name.lowercased()]
            if actual != value {
                problem("header", "header \(name) is \(actual.map { "'\($0)'" } ?? "missing"), expected '\(value)'.",
                        "Check the headers the function sets (prelude headers for Function URLs).")
            }
        }
        if let lines = expectations.lines, lines != recording.lineCount {
            problem("lines", "\(recording.lineCount) lines, expected \(lines).", "Check the event sent (--data) and the function's output.")
        }
        if let limit = expectations.maxFirstByteMilliseconds, let first = recording.firstByteMilliseconds, first > limit {
            problem("first-byte", String(format: "first byte after %.0f ms, over --max-first-byte-ms %.0f.", first, limit),
                    "Reduce cold-start work (INIT), or write something before slow work.")
        }

        let streamed = recording.reads.count >= expectations.minChunks && recording.spreadMilliseconds >= expectations.minSpreadMilliseconds
        let verdict: VerifyResult.Verdict
        if (200..<300).contains(status) && recording.totalBytes > 0 && !recording.timedOut {
            verdict = streamed ? .streams : .buffered
            if !streamed {
                problem("buffered", String(format: "the body arrived in %d read(s) within %.0f ms: buffered, not streamed.", recording.reads.count, recording.spreadMilliseconds),
                        "Set the URL's invoke mode to RESPONSE_STREAM (lambdactl url-config FUNCTION --invoke-mode RESPONSE_STREAM); make sure no proxy buffers; and that the function writes as it goes (one write per chunk, not one at the end).")
            }
        } else {
            verdict = .failed
            if problems.isEmpty {
                problem("no-body", "status \(status) with \(recording.totalBytes) body bytes: nothing streamed.", "Check the function's output and logs.")
            }
        }
        return VerifyResult(verdict: verdict, problems: problems, recording: recording)
    }

    /// The index of the first run of 8 NUL bytes, if any.
    static func firstPreludeSeparator(in body: [UInt8]) -> Int? {
        var run = 0
        for (index, byte) in body.prefix(65536).enumerated() {
            run = byte == 0 ? run + 1 : 0
            if run == 8 { return index - 7 }
        }
        return nil
    }
}
