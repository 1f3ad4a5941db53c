import Foundation
import LambdaLocal
import LambdaTestSupport
import XCTest

/// Each sample event is JSON that Python's json reads, has the fields the service's documented
/// shape has, and carries --data where that service carries its payload.
final class SampleEventTests: XCTestCase {
    /// Runs `expression` in Python on the event (as `e`) and returns what it prints.
    private func python(_ event: SampleEvent, data: String? = nil, _ expression: String) throws -> String {
        let bytes = try event.json(data: data.map { Array($0.utf8) })
        let result = try runProcess("python3", ["-c", "import hashlib, json, sys; e = json.loads(sys.stdin.read()); print(\(expression))"],
                                    input: Data(bytes))
        XCTAssertEqual(result.status, 0, result.transcript)
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    func testEveryEventIsJSONWithItsServicesShape() throws {
        XCTAssertEqual(try python(.functionURL, data: #"{"a": 1}"#, #"e["version"], e["requestContext"]["http"]["method"], e["body"]"#),
                       #"2.0 POST {"a": 1}"#)
        XCTAssertEqual(try python(.apigwV2, data: #"{"a": 1}"#, #"e["version"], e["routeKey"], e["requestContext"]["apiId"], e["body"]"#),
                       #"2.0 $default abcdef1234 {"a": 1}"#)
        XCTAssertEqual(try python(.apigwV1, data: "[1]", #"e["httpMethod"], e["requestContext"]["stage"], e["body"], e["queryStringParameters"]"#),
                       "POST prod [1] None")
        XCTAssertEqual(try python(.apigwV1, #"e["body"]"#), "None")
        XCTAssertEqual(try python(.sqs, data: #""hi""#, #"e["Records"][0]["eventSource"], e["Records"][0]["body"], e["Records"][0]["md5OfBody"] == hashlib.md5(e["Records"][0]["body"].encode()).hexdigest()"#),
                       #"aws:sqs "hi" True"#)
        XCTAssertEqual(try python(.sns, data: "{}", #"e["Records"][0]["EventSource"], e["Records"][0]["Sns"]["Type"], e["Records"][0]["Sns"]["Message"]"#),
                       "aws:sns Notification {}")
        XCTAssertEqual(try python(.s3, #"e["Records"][0]["eventName"], e["Records"][0]["s3"]["bucket"]["name"], e["Records"][0]["s3"]["object"]["size"]"#),
                       "ObjectCreated:Put amzn-s3-demo-bucket 1024")
        XCTAssertEqual(try python(.eventbridge, data: #"{"k": "v"}"#, #"e["version"], e["source"], e["detail"]"#),
                       "0 com.example.lambdactl {'k': 'v'}")
        XCTAssertEqual(try python(.schedule, #"e["source"], e["detail-type"], e["resources"][0].split(":")[2], e["detail"]"#),
                       "aws.events Scheduled Event events {}")
    }

    func testDataWithoutAPlaceIsRefusedWithTheWayOut() {
        for event in SampleEvent.allCases where !event.takesData {
            XCTAssertThrowsError(try event.json(data: Array("{}".utf8))) { error in
                XCTAssertEqual(error as? SampleEventError, .noPlaceForData(event))
                XCTAssertTrue("\(error)".contains("--data-file"), "\(error)")
            }
        }
        XCTAssertThrowsError(try SampleEvent.eventbridge.json(data: Array("[1]".utf8))) { error in
            XCTAssertEqual(error as? SampleEventError, .detailNotAnObject)
        }
    }

    func testTheSameEventPrintsTheSameBytes() throws {
        for event in SampleEvent.allCases where event != .functionURL {
            XCTAssertEqual(try event.json(), try event.json(), event.rawValue)
        }
    }
}
