/// A query planned for a load: what a store may push down (`bound`), and whether the runs it then
/// loads answer the query's whole-store checks as every run would.
///
/// A query on a key no run has is an error with the closest keys (`keyNotFound`), and so is a
/// `--columns` key; those checks look at every loaded run. Candidates that have each key give the
/// same verdict (the store has them too); when they lack one, only the whole store can say, so
/// the caller loads every run and answers as without the plan — the error, its suggestions and
/// every answer stay the full load's.
///
/// ```swift
/// let plan = QueryPlan(try Query("metrics.loss < 0.5"))
/// var options = LoadOptions(); options.bound = plan.bound
/// let candidates = try store.loadRuns(options).runs
/// if !plan.candidatesSuffice(candidates, allowMissing: false) { /* load every run */ }
/// ```
package struct QueryPlan: Sendable {
    package let query: Query
    /// What a store may push down; nil when nothing is.
    package let bound: QueryBound?

    package init(_ query: Query) {
        self.query = query
        // A bare key compared with a quoted number is checked against the first run having the
        // key (`checkQuotedNumbers`), which among candidates could be another run: no plan.
        let bareQuoted = query.root.comparisons.contains { $0.field.key.namespace == .bare && $0.quotedNumber != nil }
        let bound = query.bound
        self.bound = bareQuoted || bound == .unbounded ? nil : bound
    }

    /// Whether `candidates` — the runs a store loaded inside `bound` — give the whole-store checks'
    /// verdict: each field the query needs (unless `allowMissing`) and each of `columns` is found
    /// in one of them. False asks for a full load.
    package func candidatesSuffice(_ candidates: [Run], allowMissing: Bool, columns: [String] = []) -> Bool {
        let fieldsFound = allowMissing || query.requiredFields.allSatisfy { field in candidates.contains { $0.value(for: field) != nil } }
        return fieldsFound && columns.allSatisfy { column in candidates.contains { $0.value(for: column) != nil } }
    }
}
