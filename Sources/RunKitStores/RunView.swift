/// Which runs by lifecycle: MLflow's `ViewType`.
public enum RunView: String, Sendable, Hashable, CaseIterable {
    /// Only runs not deleted (the default).
    case activeOnly
    /// Only deleted runs (and runs of deleted experiments).
    case deletedOnly
    /// Every run.
    case all

    /// True when a run of this lifecycle stage is shown.
    public func includes(lifecycleStage: String) -> Bool {
        switch self {
        case .activeOnly: return lifecycleStage != "deleted"
        case .deletedOnly: return lifecycleStage == "deleted"
        case .all: return true
        }
    }
}
