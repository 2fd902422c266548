extension FieldKey {
    /// The keys of a comma-separated list as the CLI takes them (`--columns`, `--by`): split at
    /// commas outside parentheses, backticks and double quotes, so `at(history.loss, 100)` and
    /// ``metrics.`a,b` `` stay one key; trimmed, empty entries dropped.
    ///
    /// ```swift
    /// FieldKey.list("run_id, at(history.loss, 10)")   // ["run_id", "at(history.loss, 10)"]
    /// ```
    public static func list(_ text: String) -> [String] {
        var keys: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for c in text {
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "`" || c == "\"" {
                quote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth = max(0, depth - 1)
            } else if c == ",", depth == 0 {
                keys.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        keys.append(current)
        return keys.map { String($0.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()) }.filter { !$0.isEmpty }
    }
}
