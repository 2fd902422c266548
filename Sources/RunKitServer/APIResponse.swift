import RunKit

/// What the dashboard answers one request with: a status, a content type and the body's bytes.
///
/// ```swift
/// let response = APIResponse.json(["version": .int(3)])
/// response.status        // 200
/// ```
public struct APIResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int = 200, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// `value` as compact JSON.
    static func json(_ value: ConfigValue, status: Int = 200) -> APIResponse {
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes)
        return APIResponse(status: status, contentType: "application/json; charset=utf-8", body: bytes)
    }

    /// JSON text already written.
    static func json(bytes: [UInt8]) -> APIResponse {
        APIResponse(contentType: "application/json; charset=utf-8", body: bytes)
    }

    /// `{"error": message}` with the error's status.
    static func error(_ error: DashboardError) -> APIResponse {
        json(["error": .string(error.message)], status: error.status.rawValue)
    }
}
