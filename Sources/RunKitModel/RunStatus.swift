/// A run's status in MLflow's vocabulary; every store maps its own onto it.
public enum RunStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case running = "RUNNING"
    case scheduled = "SCHEDULED"
    case finished = "FINISHED"
    case failed = "FAILED"
    case killed = "KILLED"

    /// MLflow's file store writes the status as an int: 1 RUNNING, 2 SCHEDULED, 3 FINISHED, 4 FAILED, 5 KILLED.
    public init?(mlflowCode: Int) {
        switch mlflowCode {
        case 1: self = .running
        case 2: self = .scheduled
        case 3: self = .finished
        case 4: self = .failed
        case 5: self = .killed
        default: return nil
        }
    }
}
