/// What a store may check of a query by itself, over the values it keeps per key (params,
/// metrics, tags, its runs' own columns): a condition that holds for every run the query could
/// match — a superset, never the answer. A store that can test it (MLflow SQLite, in its SQL)
/// loads only the runs inside it, and RunKit then evaluates the whole query on those, so the
/// answer is the full load's by construction. `Query.bound` derives it; see docs/speed.md.
///
/// ```swift
/// try Query("metrics.loss < 0.5 and params.seed = '3'").bound
/// // .all([.stored(metrics loss: number(<, 0.5)), .stored(params seed: text in ["3"])])
/// ```
package indirect enum QueryBound: Sendable, Hashable, CustomStringConvertible {
    /// No bound: every run may match.
    case unbounded
    /// A test of one stored key.
    case stored(StoredTest)
    /// Every bound holds (AND); none is `.unbounded`.
    case all([QueryBound])
    /// Some bound holds (OR); none is `.unbounded`, and an empty list is no run at all.
    case any([QueryBound])

    /// The AND of `bounds`, unbounded ones dropped (none left: `.unbounded`).
    package static func allOf(_ bounds: [QueryBound]) -> QueryBound {
        let kept = bounds.filter { $0 != .unbounded }
        return kept.isEmpty ? .unbounded : (kept.count == 1 ? kept[0] : .all(kept))
    }

    /// The OR of `bounds`: `.unbounded` when one of them is.
    package static func anyOf(_ bounds: [QueryBound]) -> QueryBound {
        if bounds.contains(.unbounded) { return .unbounded }
        return bounds.count == 1 ? bounds[0] : .any(bounds)
    }

    /// The bound for messages (`metrics.loss < 0.5 AND params.seed IN ('3')`).
    package var description: String {
        switch self {
        case .unbounded: return "TRUE"
        case .stored(let test): return test.description
        case .all(let bounds): return bounds.map { "(\($0))" }.joined(separator: " AND ")
        case .any(let bounds): return bounds.isEmpty ? "FALSE" : bounds.map { "(\($0))" }.joined(separator: " OR ")
        }
    }
}
