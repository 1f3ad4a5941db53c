import Crypto
import Foundation
import LambdaArchive

/// The events other AWS services send a function, for `lambdactl invoke --event NAME` and
/// `lambdactl events show NAME`: what a user needs to try a handler before wiring a trigger
/// (cargo-lambda's `--data-example`, SAM's `generate-event`).
///
/// Each follows the shape AWS documents on the page named in its case's comment, with example
/// values (account 123456789012, region us-east-1). `--data` goes where that service puts its
/// payload: the request body of the HTTP events, the SQS message body, the SNS message, an
/// EventBridge event's `detail`. The S3 and schedule events carry no payload of the caller's.
public enum SampleEvent: String, CaseIterable, Sendable {
    /// https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html (payload format 2.0)
    case functionURL = "function-url"
    /// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
    case apigwV2 = "apigw-v2"
    /// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
    case apigwV1 = "apigw-v1"
    /// https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    case sqs
    /// https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
    case sns
    /// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
    case s3
    /// https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
    case eventbridge
    /// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
    case schedule

    /// One line for `events list`.
    public var summary: String {
        switch self {
        case .functionURL: "a Function URL request (payload 2.0); --data is the request body"
        case .apigwV2: "an API Gateway HTTP API request (payload 2.0); --data is the request body"
        case .apigwV1: "an API Gateway REST API proxy request (payload 1.0); --data is the request body"
        case .sqs: "one SQS message; --data is its body"
        case .sns: "one SNS notification; --data is its message"
        case .s3: "an S3 ObjectCreated:Put notification (no --data)"
        case .eventbridge: "an EventBridge event; --data (a JSON object) is its detail"
        case .schedule: "an EventBridge scheduled event (no --data)"
        }
    }

    /// Whether `--data` has a place in this event.
    public var takesData: Bool { self != .s3 && self != .schedule }

    /// The event as JSON bytes, with `data` (the caller's JSON text) in its place.
    public func json(data: [UInt8]? = nil) throws(SampleEventError) -> [UInt8] {
        if data != nil, !takesData { throw .noPlaceForData(self) }
        let text = data.map { String(decoding: $0, as: UTF8.self) }
        let object: [String: Any]
        switch self {
        case .functionURL:
            return FunctionURLEvent.wrapping(body: data ?? [])
        case .apigwV2: object = Self.apigwV2(body: text)
        case .apigwV1: object = Self.apigwV1(body: text)
        case .sqs: object = Self.sqs(body: text ?? "Hello from SQS!")
        case .sns: object = Self.sns(message: text ?? "Hello from SNS!")
        case .s3: object = Self.s3Notification
        case .eventbridge:
            var detail: Any = [String: Any]()
            if let data {
                guard let parsed = try? JSONSerialization.jsonObject(with: Data(data)), parsed is [String: Any] else {
                    throw .detailNotAnObject
                }
                detail = parsed
            }
            object = Self.eventBridge(detailType: "lambdactl example", source: "com.example.lambdactl", detail: detail, resources: [])
        case .schedule:
            object = Self.eventBridge(detailType: "Scheduled Event", source: "aws.events", detail: [String: Any](),
                                      resources: ["arn:aws:events:us-east-1:123456789012:rule/every-five-minutes"])
        }
        // Sorted keys: `events show` prints the same bytes every time.
        guard let bytes = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]) else {
            return Array("{}".utf8)
        }
        return Array(bytes)
    }

    static let time = "2026-01-01T12:00:00Z"
    static let epochMillis = 1_767_268_800_000

    static func apigwV2(body: String?) -> [String: Any] {
        var event: [String: Any] = [
            "version": "2.0", "routeKey": "$default", "rawPath": "/", "rawQueryString": "",
            "headers": ["content-type": "application/json", "host": "abcdef1234.execute-api.us-east-1.amazonaws.com", "user-agent": "lambdactl"],
            "isBase64Encoded": false,
            "requestContext": [
                "accountId": "123456789012", "apiId": "abcdef1234",
                "domainName": "abcdef1234.execute-api.us-east-1.amazonaws.com", "domainPrefix": "abcdef1234",
                "http": ["method": "POST", "path": "/", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "lambdactl"],
                "requestId": "JKJaXmPLvHcESHA=", "routeKey": "$default", "stage": "$default",
                "time": "01/Jan/2026:12:00:00 +0000", "timeEpoch": epochMillis,
            ] as [String: Any],
        ]
        if let body { event["body"] = body }
        return event
    }

    static func apigwV1(body: String?) -> [String: Any] {
        [
            "resource": "/", "path": "/", "httpMethod": "POST",
            "headers": ["Content-Type": "application/json", "Host": "abcdef1234.execute-api.us-east-1.amazonaws.com"],
            "multiValueHeaders": ["Content-Type": ["application/json"], "Host": ["abcdef1234.execute-api.us-east-1.amazonaws.com"]],
            "queryStringParameters": NSNull(), "multiValueQueryStringParameters": NSNull(),
            "pathParameters": NSNull(), "stageVariables": NSNull(),
            "requestContext": [
                "accountId": "123456789012", "apiId": "abcdef1234", "resourceId": "a1b2c3", "resourcePath": "/",
                "httpMethod": "POST", "path": "/prod/", "protocol": "HTTP/1.1", "stage": "prod",
                "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "requestTime": "01/Jan/2026:12:00:00 +0000",
                "requestTimeEpoch": epochMillis, "identity": ["sourceIp": "203.0.113.7", "userAgent": "lambdactl"],
            ] as [String: Any],
            "body": body.map { $0 as Any } ?? NSNull(),
            "isBase64Encoded": false,
        ]
    }

    static func sqs(body: String) -> [String: Any] {
        let md5 = HexText.lowercase(Insecure.MD5.hash(data: Array(body.utf8)))
        return ["Records": [[
            "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
            "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
            "body": body,
            "attributes": [
                "ApproximateReceiveCount": "1", "SentTimestamp": String(epochMillis),
                "SenderId": "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp": String(epochMillis + 2),
            ],
            "messageAttributes": [String: Any](),
            "md5OfBody": md5,
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:my-queue",
            "awsRegion": "us-east-1",
        ] as [String: Any]]]
    }

    static func sns(message: String) -> [String: Any] {
        let topic = "arn:aws:sns:us-east-1:123456789012:my-topic"
        return ["Records": [[
            "EventVersion": "1.0", "EventSource": "aws:sns",
            "EventSubscriptionArn": topic + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
            "Sns": [
                "Type": "Notification", "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e", "TopicArn": topic,
                "Subject": NSNull(), "Message": message, "Timestamp": "2026-01-01T12:00:00.000Z",
                "SignatureVersion": "1", "Signature": "EXAMPLE", "SigningCertUrl": "EXAMPLE", "UnsubscribeUrl": "EXAMPLE",
                "MessageAttributes": [String: Any](),
            ] as [String: Any],
        ] as [String: Any]]]
    }

    static var s3Notification: [String: Any] {
        ["Records": [[
            "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
            "eventTime": "2026-01-01T12:00:00.000Z", "eventName": "ObjectCreated:Put",
            "userIdentity": ["principalId": "EXAMPLE"],
            "requestParameters": ["sourceIPAddress": "203.0.113.7"],
            "responseElements": ["x-amz-request-id": "EXAMPLE123456789", "x-amz-id-2": "EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH"],
            "s3": [
                "s3SchemaVersion": "1.0", "configurationId": "lambdactl-example",
                "bucket": ["name": "amzn-s3-demo-bucket", "ownerIdentity": ["principalId": "EXAMPLE"], "arn": "arn:aws:s3:::amzn-s3-demo-bucket"] as [String: Any],
                "object": ["key": "uploads/example.txt", "size": 1024, "eTag": "0123456789abcdef0123456789abcdef", "sequencer": "0A1B2C3D4E5F678901"] as [String: Any],
            ] as [String: Any],
        ] as [String: Any]]]
    }

    static func eventBridge(detailType: String, source: String, detail: Any, resources: [String]) -> [String: Any] {
        ["version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": detailType, "source": source,
         "account": "123456789012", "time": time, "region": "us-east-1", "resources": resources, "detail": detail]
    }
}

/// Why a sample event could not take the given `--data`.
public enum SampleEventError: Error, CustomStringConvertible, Equatable {
    case noPlaceForData(SampleEvent)
    case detailNotAnObject

    public var description: String {
        switch self {
        case .noPlaceForData(let event):
            return "the \(event.rawValue) event carries no payload of yours, so --data has no place in it. Save it with `lambdactl events show \(event.rawValue) > event.json`, edit it, and send the file with `lambdactl invoke --data-file event.json` (without --event)."
        case .detailNotAnObject:
            return "an EventBridge event's detail is a JSON object: pass --data '{\"key\": \"value\"}'."
        }
    }
}
