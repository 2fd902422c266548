import RunKitSupport

/// Builds the message of a query that does not parse: what was expected, then the query's line
/// with a caret under the position.
///
/// ```
/// Invalid query at column 15: expected a value (…), found the end of the query
///   config.seed ==
///                 ^
/// ```
enum QuerySyntaxError {
    /// A `RunKitError.invalidQuery` for `query`, at `offset` characters from its start.
    static func error(query: String, offset: Int, reason: String) -> RunKitError {
        let characters = Array(query)
        let (line, column) = location(in: characters, offset: offset)
        let lines = query.split(separator: "\n", omittingEmptySubsequences: false)
        let where_ = lines.count > 1 ? "line \(line), column \(column)" : "column \(column)"
        let text = lines.isEmpty ? "" : String(lines[line - 1])
        // Tabs stay tabs in the caret line so the caret lines up under them.
        let pad = String(text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        let message = "Invalid query at \(where_): \(reason).\n  \(text)\n  \(pad)^"
        return RunKitError(.invalidQuery, message, offset: offset)
    }

    /// The 1-based line and column of a character offset.
    static func location(in characters: [Character], offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for c in characters.prefix(offset) {
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
