import Foundation
import Hummingbird
import RunKit

/// The HTTP side of the dashboard: checks the token and the request's size, then hands the path
/// and query to `DashboardAPI` off the event loop.
struct DashboardResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    var api: DashboardAPI
    /// Required on every request when set: `?token=…`, or `Authorization: Bearer …`.
    var token: String?
    /// The longest request target accepted (path and query), in bytes.
    static let maxTargetLength = 16 << 10

    func respond(to request: Request, context: Context) async throws -> Response {
        let response = await answer(request)
        var headers: HTTPFields = [.contentType: response.contentType, .cacheControl: "no-store",
                                   .init("X-Content-Type-Options")!: "nosniff"]
        if request.uri.path.contains("/artifacts/") { headers[.contentSecurityPolicy] = "sandbox" }
        let body = request.method == .head ? ByteBuffer() : ByteBuffer(bytes: response.body)
        if request.method == .head { headers[.contentLength] = String(response.body.count) }
        return Response(status: .init(code: response.status), headers: headers, body: .init(byteBuffer: body))
    }

    private func answer(_ request: Request) async -> APIResponse {
        guard request.method == .get || request.method == .head else {
            return .error(DashboardError(.methodNotAllowed, "Only GET and HEAD are served: the dashboard is read-only."))
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > 0 {
            return .error(DashboardError(.payloadTooLarge, "A request body is not accepted (\(length) bytes sent)."))
        }
        if request.headers[.transferEncoding] != nil {
            return .error(DashboardError(.payloadTooLarge, "A request body is not accepted."))
        }
        guard request.uri.description.utf8.count <= Self.maxTargetLength else {
            return .error(DashboardError(.uriTooLong, "The request target is over \(Self.maxTargetLength) bytes."))
        }
        let query = request.uri.query
        if let token {
            let given = APIParameters(query).first("token")
                ?? request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            guard let given, Self.constantTimeEqual(given, token) else {
                return .error(DashboardError(.forbidden, "This server needs its token: open the URL it printed (…?token=…), or send Authorization: Bearer TOKEN."))
            }
        }
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let api = self.api
        return await Task.detached { api.respond(path: path, query: query) }.value
    }

    /// Equal strings, compared in time that does not depend on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
