extension ExperimentSelection {
    /// The names and globs of a `.names` selection that select none of `experiments` (a typo,
    /// most often); empty for `.all` and `.predicate`.
    ///
    /// ```swift
    /// ExperimentSelection.names(["train", "fintune"]).unmatched(among: ["train", "finetune"])   // ["fintune"]
    /// ```
    public func unmatched(among experiments: some Sequence<String>) -> [String] {
        guard case .names(let patterns) = self else { return [] }
        let names = Array(experiments)
        return patterns.filter { pattern in !names.contains { Glob.matches($0, pattern: pattern) } }
    }

    /// Throws `noMatch` when a name or glob selects no experiment, naming it, the closest
    /// experiment names and the ones the store has: loading would silently give no runs.
    ///
    /// ```swift
    /// try ExperimentSelection.name("trian").check(among: ["train", "finetune"])
    /// // No experiment is named 'trian' (did you mean 'train'?); the store's experiments: train, finetune.
    /// ```
    public func check(among experiments: some Sequence<String>) throws {
        let names = Array(experiments)
        guard let pattern = unmatched(among: names).first else { return }
        let isGlob = pattern.contains { "*?[".contains($0) }
        var message = isGlob ? "No experiment matches '\(pattern)'" : "No experiment is named '\(pattern)'"
        let close = Suggestions.closest(to: pattern, among: names)
        if !close.isEmpty { message += " (did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?)" }
        let shown = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", … (\(names.count) in all)" : "")
        message += names.isEmpty ? "; the store has no experiments." : "; the store's experiments: \(shown)."
        throw RunKitError(.noMatch, message)
    }
}
