/// An API request that cannot be answered: its HTTP status and the one sentence the response's
/// `{"error": …}` carries (for a bad query, the CLI's own message).
///
/// ```swift
/// throw DashboardError(.badRequest, "limit must be a whole number from 0 to 10000, not 'x'.")
/// ```
public struct DashboardError: Error, Sendable, CustomStringConvertible {
    public enum Status: Int, Sendable {
        case badRequest = 400, forbidden = 403, notFound = 404, methodNotAllowed = 405
        case payloadTooLarge = 413, uriTooLong = 414
    }

    public var status: Status
    public var message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
