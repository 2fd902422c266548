/// Finds a run by id or unique id prefix, with errors that suggest close ids.
package enum RunLookup {
    /// The run whose id is `id`, or the only one starting with `id`.
    ///
    /// ```swift
    /// let run = try RunLookup.find("19ada88b", in: runs, store: "mlflow.db")
    /// ```
    package static func find(_ id: String, in runs: [Run], store: String) throws -> Run {
        if let exact = runs.first(where: { $0.id == id }) { return exact }
        let matches = runs.filter { $0.id.hasPrefix(id) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw RunKitError(.ambiguousRunID(prefix: id, store: store, matches: matches.map(\.id)))
        }
        let close = Suggestions.closest(to: id, among: runs.map(\.id) + runs.map(\.info.runName))
        throw RunKitError(.runNotFound(id: id, store: store, candidates: close))
    }
}
