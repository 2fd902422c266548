import Foundation

/// The query string of a request, decoded: `where=metrics.loss%20%3C%200.5&agg=a&agg=b`.
///
/// ```swift
/// let parameters = APIParameters("agg=mean(metrics.x)&agg=count()&limit=5")
/// parameters.all("agg")            // ["mean(metrics.x)", "count()"]
/// try parameters.integer("limit", default: 100, maximum: 10_000)   // 5
/// ```
struct APIParameters: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((Self.decoded(pieces[0]), pieces.count > 1 ? Self.decoded(pieces[1]) : ""))
        }
    }

    /// `+` is a space, `%XX` a byte (forms and `URLSearchParams` write both).
    static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of `name`, nil when absent or empty.
    func first(_ name: String) -> String? {
        pairs.first { $0.name == name && !$0.value.isEmpty }?.value
    }

    /// Every non-empty value of `name`, in order.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name && !$0.value.isEmpty }.map(\.value)
    }

    /// A comma-separated list (`columns=a,b`), spaces trimmed, empty entries dropped; nil when absent.
    func list(_ name: String) -> [String]? {
        first(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// `1`, `true`, `yes` or `on`.
    func flag(_ name: String) -> Bool {
        ["1", "true", "yes", "on"].contains(first(name)?.lowercased() ?? "")
    }

    /// A whole number from 0 to `maximum`, `fallback` when absent.
    func integer(_ name: String, default fallback: Int, maximum: Int) throws -> Int {
        guard let text = first(name) else { return fallback }
        guard let value = Int(text), (0...maximum).contains(value) else {
            throw DashboardError(.badRequest, "\(name) must be a whole number from 0 to \(maximum), not '\(text)'.")
        }
        return value
    }
}
