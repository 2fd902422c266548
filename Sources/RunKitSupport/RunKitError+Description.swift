extension RunKitError {
    /// The sentence shown to the user, made from `details`.
    ///
    /// ```swift
    /// print(RunKitError(.keyNotFound(key: "model.typo", candidates: ["model.type"])))
    /// // No such key: model.typo (did you mean 'model.type'?)
    /// ```
    public var description: String {
        switch details {
        case .keyNotFound(let key, let candidates):
            guard !candidates.isEmpty else { return "No such key: \(key)" }
            return "No such key: \(key) (did you mean \(Self.quoted(candidates))?)"
        case .keyMissing(let key, let item):
            return "No such key: \(key) in \(item) (other items have it; give a default)"
        case .noMatch:
            return "No item found matching the specified criteria"
        case .multipleMatches(let count):
            return "Multiple items (\(count)) found matching the criteria, expected exactly one"
        case .runNotFound(let id, let store, let candidates):
            let message = "No run with id '\(id)' in \(store)."
            return candidates.isEmpty ? message : message + " Did you mean \(Self.quoted(candidates))?"
        case .ambiguousRunID(let prefix, let store, let matches):
            return "Run id prefix '\(prefix)' matches \(matches.count) runs in \(store): \(matches.prefix(5).joined(separator: ", "))."
        case .experimentNotFound(let pattern, let candidates, let experiments):
            let isGlob = pattern.contains { "*?[".contains($0) }
            var message = isGlob ? "No experiment matches '\(pattern)'" : "No experiment is named '\(pattern)'"
            if !candidates.isEmpty { message += " (did you mean \(Self.quoted(candidates))?)" }
            let shown = experiments.prefix(20).joined(separator: ", ") + (experiments.count > 20 ? ", … (\(experiments.count) in all)" : "")
            return message + (experiments.isEmpty ? "; the store has no experiments." : "; the store's experiments: \(shown).")
        case .invalidQuery(let query, let reason):
            return Self.querySentence(query, offset: offset ?? 0, reason: reason)
        case .sentence(let sentence):
            return sentence
        }
    }

    /// `'a', 'b'`: names as a "did you mean" lists them.
    private static func quoted(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// What was expected, then the query's line with a caret under the position:
    ///
    /// ```
    /// Invalid query at column 15: expected a value (…), found the end of the query
    ///   config.seed ==
    ///                 ^
    /// ```
    private static func querySentence(_ query: String, offset: Int, reason: String) -> String {
        let (line, column) = location(in: query, offset: offset)
        let lines = query.split(separator: "\n", omittingEmptySubsequences: false)
        let place = lines.count > 1 ? "line \(line), column \(column)" : "column \(column)"
        let text = lines.isEmpty ? "" : String(lines[line - 1])
        // Tabs stay tabs in the caret line so the caret lines up under them.
        let pad = String(text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        return "Invalid query at \(place): \(reason).\n  \(text)\n  \(pad)^"
    }

    /// The 1-based line and column of a character offset in `text`.
    package static func location(in text: some Sequence<Character>, offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for c in text.prefix(offset) {
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
