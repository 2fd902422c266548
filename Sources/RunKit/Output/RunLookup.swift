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
            throw RunKitError(.multipleMatches, "Run id prefix '\(id)' matches \(matches.count) runs in \(store): \(matches.prefix(5).map(\.id).joined(separator: ", ")).")
        }
        let close = Suggestions.closest(to: id, among: runs.map(\.id) + runs.map(\.info.runName))
        var message = "No run with id '\(id)' in \(store)."
        if !close.isEmpty { message += " Did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?" }
        throw RunKitError(.runNotFound, message)
    }
}
