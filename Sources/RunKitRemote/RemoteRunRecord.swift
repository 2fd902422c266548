import OrderedCollections
import RunKitModel
import RunKitStores

/// One run as a remote store reads it before it becomes a `Run`: its info (as the SQLite store
/// fills it), artifact URI, params, latest metrics and tags.
///
/// ```swift
/// let record = RemoteRunRecord(json: page.list("runs")[0], experiments: ["1": train])
/// ```
struct RemoteRunRecord: Sendable {
    var info: RunInfo
    var artifactURI: String?
    var params: [String: String] = [:]
    var metrics: [String: Double] = [:]
    var tags: [String: String] = [:]

    /// A run of a `runs/search` answer; nil when it names no experiment of `experiments` (MLflow
    /// lists no such run). Its `info.raw` is the `runs` row as the REST API gives it, under the
    /// table's column names (source_*, entry_point_name and deleted_time are not given).
    init?(json: ConfigValue, experiments: [String: Experiment]) {
        guard let fields = json.member("info"), let experimentID = fields.text("experiment_id") else { return nil }
        var raw = OrderedDictionary<String, ConfigValue>()
        raw["run_uuid"] = .string(fields.text("run_id") ?? fields.text("run_uuid") ?? "")
        raw["name"] = fields.text("run_name").map(ConfigValue.string) ?? .null
        raw["user_id"] = fields.text("user_id").map(ConfigValue.string) ?? .null
        raw["status"] = fields.text("status").map(ConfigValue.string) ?? .null
        raw["start_time"] = fields.integer("start_time").map { .int(Int($0)) } ?? .null
        raw["end_time"] = fields.integer("end_time").map { .int(Int($0)) } ?? .null
        raw["lifecycle_stage"] = .string(fields.text("lifecycle_stage") ?? "active")
        raw["artifact_uri"] = fields.text("artifact_uri").map(ConfigValue.string) ?? .null
        raw["experiment_id"] = Int(experimentID).map(ConfigValue.int) ?? .string(experimentID)
        self.init(raw: raw, experiments: experiments)
        let data = json.member("data")
        for param in data?.list("params") ?? [] { params[param.text("key") ?? ""] = param.text("value") ?? "" }
        for tag in data?.list("tags") ?? [] { tags[tag.text("key") ?? ""] = tag.text("value") ?? "" }
        for metric in data?.list("metrics") ?? [] { metrics[metric.text("key") ?? ""] = metric.metricValue("value") ?? .nan }
    }

    /// A run from its `runs` row (`raw`, by column name); nil when it names no experiment of
    /// `experiments`. A deleted experiment's runs are deleted, as the SQLite store reads them.
    init?(raw: OrderedDictionary<String, ConfigValue>, experiments: [String: Experiment]) {
        func text(_ column: String) -> String? {
            switch raw[column] {
            case .string(let text)?: return text
            case .int(let number)?: return String(number)
            default: return nil
            }
        }
        guard let experimentID = text("experiment_id"), let experiment = experiments[experimentID] else { return nil }
        let stage = text("lifecycle_stage") ?? "active"
        artifactURI = text("artifact_uri")
        info = RunInfo(
            runID: text("run_uuid") ?? "", runName: text("name") ?? "", experimentID: experimentID, experimentName: experiment.name,
            status: text("status").flatMap(RunStatus.init(rawValue:)) ?? .running,
            lifecycleStage: experiment.lifecycleStage == "deleted" ? "deleted" : stage,
            startTime: raw["start_time"]?.intValue.map(Int64.init), endTime: raw["end_time"]?.intValue.map(Int64.init),
            userID: text("user_id"), raw: raw)
    }
}
