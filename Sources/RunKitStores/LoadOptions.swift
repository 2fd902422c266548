/// What to load from a store.
///
/// ```swift
/// let options = LoadOptions(experiments: .names(["train"]), view: .all)
/// ```
public struct LoadOptions: Sendable {
    public var experiments: ExperimentSelection
    public var view: RunView
    /// When set, only these runs are loaded.
    public var runIDs: Set<String>?

    public init(experiments: ExperimentSelection = .all, view: RunView = .activeOnly, runIDs: Set<String>? = nil) {
        self.experiments = experiments
        self.view = view
        self.runIDs = runIDs
    }
}
