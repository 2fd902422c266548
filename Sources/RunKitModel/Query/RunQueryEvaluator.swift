/// Evaluates a query over many runs one comparison at a time instead of one run at a time: each
/// comparison reads its field in a tight loop over the runs still undecided (no closure per
/// field, one field's storage after another). AND passes on only the runs its earlier terms
/// accepted and OR only those they rejected, so exactly the fields a run-by-run evaluation
/// stopping at the first deciding term reads are read, and the answer is the same.
///
/// ```swift
/// let positions = RunQueryEvaluator(runs: runs[...], like: .sql).positions(query.root, among: Array(runs.indices))
/// ```
package struct RunQueryEvaluator {
    let runs: ArraySlice<Run>
    let like: LikeSemantics

    package init(runs: ArraySlice<Run>, like: LikeSemantics) {
        self.runs = runs
        self.like = like
    }

    /// The positions among `candidates` (increasing indices of `runs`) whose run matches `node`.
    package func positions(_ node: QueryNode, among candidates: [Int]) -> [Int] {
        switch node {
        case .all:
            return candidates
        case .comparison(let comparison):
            return matching(comparison, among: candidates)
        case .not(let inner):
            return Self.subtracting(positions(inner, among: candidates), from: candidates)
        case .and(let terms):
            return terms.reduce(candidates) { remaining, term in remaining.isEmpty ? [] : positions(term, among: remaining) }
        case .or(let terms):
            var remaining = candidates, found: [Int] = []
            for term in terms where !remaining.isEmpty {
                let matched = positions(term, among: remaining)
                found = Self.merging(found, matched)
                remaining = Self.subtracting(matched, from: remaining)
            }
            return found
        }
    }

    private func matching(_ comparison: QueryComparison, among candidates: [Int]) -> [Int] {
        var kept: [Int] = []
        RunFieldReader(comparison.field, layoutOf: runs.first).read(runs, at: candidates) { position, value in
            if comparison.matches(value, like: like) { kept.append(position) }
        }
        return kept
    }

    /// `all` without `some`, both increasing, `some` a subset of `all`.
    static func subtracting(_ some: [Int], from all: [Int]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(all.count - some.count)
        var next = 0
        for position in all {
            if next < some.count, some[next] == position { next += 1 } else { result.append(position) }
        }
        return result
    }

    /// The union of two increasing, disjoint lists, increasing.
    static func merging(_ a: [Int], _ b: [Int]) -> [Int] {
        guard !a.isEmpty else { return b }
        guard !b.isEmpty else { return a }
        var result: [Int] = []
        result.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) { result.append(a[i]); i += 1 } else { result.append(b[j]); j += 1 }
        }
        return result
    }
}
