import Foundation
import LambdaAWS

/// Signs a `verify-url` request with SigV4 for a Function URL whose AuthType is AWS_IAM (service
/// `lambda`), with the credentials the user's aws CLI resolves.
public enum RequestSigner {
    /// The region of a Function URL host (`<id>.lambda-url.<region>.on.aws`), if it is one.
    public static func region(ofFunctionURL url: URL) -> String? {
        guard let host = url.host else { return nil }
        let parts = host.split(separator: ".")
        guard let index = parts.firstIndex(of: "lambda-url"), index + 1 < parts.count else { return nil }
        return String(parts[index + 1])
    }

    /// The request with `Authorization`, `X-Amz-Date` (and the session token) added.
    public static func sign(_ request: VerifyRequest, credentials: AWSCredentials, region: String, date: Date = Date()) -> VerifyRequest {
        var signed = request
        var host = request.url.host ?? ""
        if let port = request.url.port { host += ":\(port)" }
        let query = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? []
        let path = request.url.path.isEmpty ? "/" : request.url.path
        let signer = SigV4Signer(credentials: credentials, region: region, service: "lambda")
        let headers = [("host", host)] + request.headers
        let added = signer.sign(SigV4Signer.Request(method: request.method.uppercased(), path: path, query: query, headers: headers,
                                                    body: Data(request.body ?? [])), date: date, includeContentHash: true)
        signed.headers += added.filter { $0.0.lowercased() != "host" }
        signed.signed = true
        return signed
    }
}
