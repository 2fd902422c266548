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
            return "No such key: \(key) (did you mean \(candidates.map { "'\($0)'" }.joined(separator: ", "))?)"
        case .keyMissing(let key, let item):
            return "No such key: \(key) in \(item) (other items have it; give a default)"
        case .noMatch:
            return "No item found matching the specified criteria"
        case .multipleMatches(let count):
            return "Multiple items (\(count)) found matching the criteria, expected exactly one"
        case .invalidQuery(let query, let reason):
            return Self.querySentence(query, offset: offset ?? 0, reason: reason)
        case .sentence(let sentence):
            return sentence
        }
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
