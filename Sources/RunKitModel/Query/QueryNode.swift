/// A parsed query as a tree: comparisons joined by AND, OR and NOT. AND and OR chains are kept
/// flat, and evaluation stops at the first deciding term.
package indirect enum QueryNode: Sendable {
    /// The empty query: every run.
    case all
    case comparison(QueryComparison)
    case not(QueryNode)
    case and([QueryNode])
    case or([QueryNode])

    /// Whether an element matches; `resolve` finds a field's value in it (nil: missing).
    package func matches(_ resolve: (QueryField) -> ConfigValue?, like: LikeSemantics) -> Bool {
        switch self {
        case .all: return true
        case .comparison(let comparison): return comparison.matches(resolve(comparison.field), like: like)
        case .not(let inner): return !inner.matches(resolve, like: like)
        case .and(let terms): return terms.allSatisfy { $0.matches(resolve, like: like) }
        case .or(let terms): return terms.contains { $0.matches(resolve, like: like) }
        }
    }

    /// Every comparison, left to right.
    var comparisons: [QueryComparison] {
        switch self {
        case .all: return []
        case .comparison(let comparison): return [comparison]
        case .not(let inner): return inner.comparisons
        case .and(let terms), .or(let terms): return terms.flatMap(\.comparisons)
        }
    }
}
