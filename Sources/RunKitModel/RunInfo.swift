import OrderedCollections

/// A run's attributes: the unified ones every store fills, plus the store's raw info.
///
/// ```swift
/// run.info.status          // .finished
/// run.info.raw["source_type"]
/// ```
public struct RunInfo: Sendable, Hashable {
    public var runID: String
    public var runName: String
    public var experimentID: String
    public var experimentName: String
    public var status: RunStatus
    /// `active` or `deleted`.
    public var lifecycleStage: String
    /// Milliseconds since the epoch.
    public var startTime: Int64?
    /// Milliseconds since the epoch; nil while the run has not ended.
    public var endTime: Int64?
    public var userID: String?
    /// The run's folder, where the store has one.
    public var runDirectory: String?
    /// The run's artifacts folder, resolved inside the store (never a stale absolute path).
    public var artifactsDirectory: String?
    /// The store's own record of the run (MLflow's `runs` row or `meta.yaml`, MLXP's `info.yaml`), flattened with `.`.
    public var raw: OrderedDictionary<String, ConfigValue>

    public init(runID: String, runName: String = "", experimentID: String = "", experimentName: String = "",
                status: RunStatus = .finished, lifecycleStage: String = "active",
                startTime: Int64? = nil, endTime: Int64? = nil, userID: String? = nil,
                runDirectory: String? = nil, artifactsDirectory: String? = nil,
                raw: OrderedDictionary<String, ConfigValue> = [:]) {
        self.runID = runID
        self.runName = runName
        self.experimentID = experimentID
        self.experimentName = experimentName
        self.status = status
        self.lifecycleStage = lifecycleStage
        self.startTime = startTime
        self.endTime = endTime
        self.userID = userID
        self.runDirectory = runDirectory
        self.artifactsDirectory = artifactsDirectory
        self.raw = raw
    }

    /// True when the run is deleted (`lifecycle_stage == "deleted"`).
    public var isDeleted: Bool { lifecycleStage == "deleted" }

    /// The names of the unified attributes, in the order records list them.
    public static let attributeNames = [
        "run_id", "run_name", "experiment_id", "experiment_name", "status", "lifecycle_stage",
        "start_time", "end_time", "user_id", "run_dir", "artifacts_dir",
    ]

    /// A unified attribute by name (`run_id`, `status`, …; `job_name` is HydraFlow's name for
    /// the experiment name; MLflow's search aliases `created`/`Created` for `start_time` and
    /// `run name`/`Run name`/`Run Name` for `run_name`). Nil when the name is not an attribute.
    public func attribute(_ name: String) -> ConfigValue? {
        func optional(_ value: Int64?) -> ConfigValue { value.map { .int(Int($0)) } ?? .null }
        func optional(_ value: String?) -> ConfigValue { value.map(ConfigValue.string) ?? .null }
        switch name {
        case "run_id", "run_uuid": return .string(runID)
        case "run_name", "name", "run name", "Run name", "Run Name": return .string(runName)
        case "experiment_id": return .string(experimentID)
        case "experiment_name", "job_name": return .string(experimentName)
        case "status": return .string(status.rawValue)
        case "lifecycle_stage": return .string(lifecycleStage)
        case "start_time", "created", "Created": return optional(startTime)
        case "end_time": return optional(endTime)
        case "user_id": return optional(userID)
        case "run_dir": return optional(runDirectory)
        case "artifacts_dir": return optional(artifactsDirectory)
        default: return nil
        }
    }

    /// Every unified attribute, in `attributeNames` order.
    public var attributes: OrderedDictionary<String, ConfigValue> {
        var result = OrderedDictionary<String, ConfigValue>()
        for name in Self.attributeNames { result[name] = attribute(name) }
        return result
    }
}
