import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

/// Requests to an MLflow tracking server as MLflow's Python client makes them: the same
/// endpoints, the same auth and TLS environment variables, retries with backoff on 429 and 5xx.
/// Calls block the calling thread (never call them on an event loop); `MLflowServerStore` makes
/// several at once from threads of its own (`RemoteWork`).
///
/// ```swift
/// let client = try MLflowRESTClient(baseURL: "http://127.0.0.1:5000")
/// let page = try client.post("mlflow/experiments/search", ["max_results": 1000])
/// ```
struct MLflowRESTClient: Sendable {
    /// `scheme://host:port[/prefix]`, without a trailing slash.
    let baseURL: String
    let headers: HTTPHeaders
    let http: HTTPClient
    /// Attempts of a request that gets 429 or 5xx (`MLFLOW_HTTP_REQUEST_MAX_RETRIES` + 1); one that
    /// gets no answer is tried at most 3 times.
    let attempts: Int
    /// The first wait before a retry, doubled each time (`MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR`).
    let backoff: Double
    let timeout: TimeAmount

    /// A client of the server at `baseURL`, set up from MLflow's client environment variables
    /// (docs/remote.md): `MLFLOW_TRACKING_TOKEN` (a bearer token), `MLFLOW_TRACKING_USERNAME` and
    /// `_PASSWORD` (basic auth), `MLFLOW_TRACKING_INSECURE_TLS`, `MLFLOW_TRACKING_SERVER_CERT_PATH`,
    /// `MLFLOW_HTTP_REQUEST_TIMEOUT` (seconds, default 120), `MLFLOW_HTTP_REQUEST_MAX_RETRIES`
    /// (default 7), `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR` (seconds, default 2 as MLflow's; tests set less).
    init(baseURL: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: "runkit")
        if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
            headers.add(name: "Authorization", value: "Bearer \(token)")
        } else if let user = environment["MLFLOW_TRACKING_USERNAME"], let password = environment["MLFLOW_TRACKING_PASSWORD"] {
            headers.add(name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
        }
        self.headers = headers
        func number(_ name: String, _ fallback: Double) throws -> Double {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw RunKitError(.invalidArgument, "\(name)=\(text) is not a number ≥ 0.")
            }
            return value
        }
        attempts = Int(try number("MLFLOW_HTTP_REQUEST_MAX_RETRIES", 7)) + 1
        backoff = try number("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 2)
        timeout = .milliseconds(Int64(try number("MLFLOW_HTTP_REQUEST_TIMEOUT", 120) * 1000))
        let insecure = ["true", "1", "yes"].contains(environment["MLFLOW_TRACKING_INSECURE_TLS"]?.lowercased() ?? "")
        let certificate = environment["MLFLOW_TRACKING_SERVER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 }
        http = try Self.client(insecure: insecure, certificate: certificate)
    }

    /// One HTTP client per TLS setting, kept for the life of the process (a client must be shut
    /// down before it is released; these never are).
    private static let clients = Locked<[String: HTTPClient]>([:])

    private static func client(insecure: Bool, certificate: String?) throws -> HTTPClient {
        let key = "\(insecure) \(certificate ?? "")"
        if let client = clients.withLock({ $0[key] }) { return client }
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecure { tls.certificateVerification = .none }
        if let certificate {
            guard FileManager.default.fileExists(atPath: certificate) else {
                throw RunKitError(.storeNotFound, "MLFLOW_TRACKING_SERVER_CERT_PATH=\(certificate) does not exist.", path: certificate)
            }
            tls.trustRoots = .file(certificate)
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, timeout: .init(connect: .seconds(10)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        return clients.withLock { clients in
            if let existing = clients[key] {
                try? client.syncShutdown()
                return existing
            }
            clients[key] = client
            return client
        }
    }

    /// `GET /api/2.0/<endpoint>?<query>` answered with JSON.
    func get(_ endpoint: String, _ query: [(String, String)]) throws -> ConfigValue {
        let text = query.map { "\(Self.escaped($0.0))=\(Self.escaped($0.1))" }.joined(separator: "&")
        return try json(send(.GET, "/api/2.0/" + endpoint + (text.isEmpty ? "" : "?" + text), body: nil, endpoint: endpoint))
    }

    /// `POST /api/2.0/<endpoint>` with a JSON body, answered with JSON.
    func post(_ endpoint: String, _ body: ConfigValue) throws -> ConfigValue {
        try json(send(.POST, "/api/2.0/" + endpoint, body: JSONWriter.string(body), endpoint: endpoint))
    }

    /// The bytes of the artifact at `path` below the server's artifact root (`mlflow-artifacts`
    /// proxy), nil when the server has no such file.
    func artifact(_ path: String) throws -> [UInt8]? {
        let escapedPath = path.split(separator: "/", omittingEmptySubsequences: true).map { Self.escaped(String($0)) }.joined(separator: "/")
        return try send(.GET, "/api/2.0/mlflow-artifacts/artifacts/" + escapedPath, body: nil, endpoint: "mlflow-artifacts/artifacts",
                        missingIsNil: true)
    }

    private func json(_ bytes: [UInt8]?) throws -> ConfigValue {
        guard let bytes else { return .map([:]) }
        do {
            return try JSONParser.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw RunKitError(.malformedFile, "\(baseURL) answered with something that is not JSON: is it an MLflow tracking server?")
        }
    }

    /// Sends one request, retrying 429, 5xx and failed connections with exponential backoff
    /// (`Retry-After` when the server gives one). 401/403, a missing endpoint and other errors
    /// throw one sentence naming the server. With `missingIsNil`, a 404 answers nil.
    private func send(_ method: HTTPMethod, _ path: String, body: String?, endpoint: String,
                      missingIsNil: Bool = false) throws -> [UInt8]? {
        var request = try HTTPClient.Request(url: baseURL + path, method: method, headers: headers,
                                             body: body.map { .string($0) })
        if body != nil { request.headers.add(name: "Content-Type", value: "application/json") }
        var attempt = 1
        while true {
            let response: HTTPClient.Response
            do {
                response = try http.execute(request: request, deadline: .now() + timeout).wait()
            } catch {
                // No answer at all (refused, unknown host, timeout): at most 3 attempts, so that a
                // wrong address fails in seconds, not after MLflow's four minutes of backoff.
                guard attempt < min(attempts, 3) else {
                    throw RunKitError(.storeNotFound, "Cannot reach the MLflow tracking server \(baseURL): \(Self.describe(error)) (after \(attempt) attempt\(attempt == 1 ? "" : "s")).")
                }
                Thread.sleep(forTimeInterval: backoff * pow(2, Double(attempt - 1)))
                attempt += 1
                continue
            }
            let status = response.status.code
            let bytes = response.body.map { Array($0.readableBytesView) } ?? []
            switch status {
            case 200..<300:
                return bytes
            case _ where [429, 500, 502, 503, 504].contains(status) && attempt < attempts:
                let retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
                Thread.sleep(forTimeInterval: min(retryAfter ?? backoff * pow(2, Double(attempt - 1)), 120))
                attempt += 1
            case 404 where missingIsNil:
                return nil
            case 401, 403:
                throw RunKitError(.invalidArgument, "The MLflow tracking server \(baseURL) refused the request (\(status) \(response.status.reasonPhrase)): set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD.")
            case 404 where Self.errorCode(bytes) == nil:
                throw RunKitError(.unknownStoreKind, "\(baseURL) has no endpoint /api/2.0/\(endpoint) (404): it is not an MLflow tracking server, or one too old for RunKit (MLflow ≥ 1.28 is needed).")
            default:
                let message = Self.errorMessage(bytes).map { ": " + $0 } ?? ""
                throw RunKitError(.invalidArgument, "The MLflow tracking server \(baseURL) answered \(status) \(response.status.reasonPhrase) to /api/2.0/\(endpoint)\(message).")
            }
        }
    }

    /// MLflow's `error_code` in an error answer.
    private static func errorCode(_ bytes: [UInt8]) -> String? {
        (try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)))?.member("error_code")?.stringValue
    }

    /// MLflow's `message` in an error answer, else the answer's first line.
    private static func errorMessage(_ bytes: [UInt8]) -> String? {
        if let message = (try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)))?.member("message")?.stringValue { return message }
        let text = String(decoding: bytes.prefix(200), as: UTF8.self).split(separator: "\n").first.map(String.init)
        return text?.isEmpty == false ? text : nil
    }

    private static func describe(_ error: Error) -> String {
        if let error = error as? HTTPClientError, error == .connectTimeout || error == .deadlineExceeded { return "timed out" }
        let text = "\(error)"
        return text.contains("connectionRefused") || text.contains("Connection refused") ? "connection refused" : text
    }

    /// Percent-escapes everything but RFC 3986's unreserved characters.
    static func escaped(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
