import Foundation
import LambdaTestSupport
import XCTest

/// ResourceConflictException backoff. Neither moto nor ministack can be made to answer a conflict
/// on cue (lambdactl waits for updates to finish before the next step), so a stand-in `aws` script
/// plays Lambda here: it refuses the code update twice, as Lambda does while a previous update is
/// still in progress, then accepts it. It logs every call, which the test reads back.
final class ConflictRetryTests: XCTestCase {
    func testUpdateIsRetriedWithBackoffOnResourceConflict() throws {
        let temp = try TemporaryDirectory("lambdactl-conflict")
        defer { temp.remove() }
        let log = temp.file("calls.log")
        let fake = """
        #!/bin/bash
        echo "$*" >> '\(log)'
        case "$*" in
          --version) echo "aws-cli/2.38.5 Python/3.14.8 Linux/6 exe/x86_64"; exit 0 ;;
          "lambda get-function "*) echo '{"Configuration":{"FunctionName":"busy","FunctionArn":"arn:aws:lambda:us-east-1:1:function:busy","Runtime":"provided.al2023","CodeSha256":"old","Architectures":["x86_64"],"State":"Active","LastUpdateStatus":"Successful"}}'; exit 0 ;;
          "lambda update-function-code "*)
            n=$(grep -c '^lambda update-function-code' '\(log)')
            if [ "$n" -le 2 ]; then
              echo "" >&2
              echo "aws: [ERROR]: An error occurred (ResourceConflictException) when calling the UpdateFunctionCode operation: The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:1:function:busy" >&2
              exit 254
            fi
            echo '{"FunctionName":"busy","FunctionArn":"arn:aws:lambda:us-east-1:1:function:busy","Runtime":"provided.al2023","CodeSha256":"new","Architectures":["x86_64"],"State":"Active","LastUpdateStatus":"Successful"}'; exit 0 ;;
          "lambda get-function-url-config "*)
            echo "aws: [ERROR]: An error occurred (ResourceNotFoundException) when calling the GetFunctionUrlConfig operation: not found" >&2; exit 254 ;;
        esac
        echo "unexpected call: $*" >&2; exit 99
        """
        let aws = try temp.write("aws", fake, mode: 0o755)
        let zipScript = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            info = zipfile.ZipInfo("bootstrap", date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (0o100755 << 16)
            z.writestr(info, "#!/bin/sh\\necho hi\\n")
        """
        let zip = temp.file("busy.zip")
        XCTAssertEqual(try runProcess("python3", ["-c", zipScript, zip]).status, 0)

        let result = try runProcess(Paths.lambdactl, ["deploy", "--zip", zip, "--aws", aws],
                                    environment: ["XDG_CACHE_HOME": temp.file("cache"), "AWS_PAGER": ""])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("ResourceConflictException: The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:1:function:busy — retrying in 1 s"), result.transcript)
        XCTAssertTrue(result.stderr.contains("retrying in 2 s"), result.transcript)
        let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(calls.filter { $0.hasPrefix("lambda update-function-code") }.count, 3, calls.joined(separator: "\n"))
        XCTAssertTrue(calls.contains { $0.hasPrefix("lambda update-function-code --function-name busy --architectures x86_64 --zip-file fileb://") && $0.hasSuffix("--output json") },
                      calls.joined(separator: "\n"))
        XCTAssertTrue(result.stdout.contains("CodeSha256    new (uploaded)"), result.transcript)
    }
}
