import RunKitSupport

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
        let close = Suggestions.closest(to: pattern, among: names)
        throw RunKitError(.experimentNotFound(pattern: pattern, candidates: close, experiments: names))
    }
}
