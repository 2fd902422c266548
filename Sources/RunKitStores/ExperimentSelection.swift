import RunKitSupport

/// Which experiments to load, as HydraFlow's `iter_run_dirs` takes them: all, names or
/// fnmatch globs (`"*tune"`, `"[ft]*"`), or a predicate on the name.
///
/// ```swift
/// let selection: ExperimentSelection = .names(["train", "*tune"])
/// selection.matches("finetune")   // true
/// ```
public enum ExperimentSelection: Sendable {
    case all
    case names([String])
    case predicate(@Sendable (String) -> Bool)

    /// One name or glob.
    public static func name(_ pattern: String) -> ExperimentSelection { .names([pattern]) }

    /// True when an experiment of this name is selected.
    public func matches(_ name: String) -> Bool {
        switch self {
        case .all: return true
        case .names(let patterns): return patterns.contains { Glob.matches(name, pattern: $0) }
        case .predicate(let predicate): return predicate(name)
        }
    }
}
