import OrderedCollections
import RunKitModel
import RunKitStores
@_spi(RunKitInternals) import RunKitSupport

/// The runs of one experiment of a tracking server as RunKit last fetched them (every lifecycle
/// stage), kept between questions by `RemoteRunCache` and brought up to date by
/// `MLflowServerStore` (docs/remote.md, "The cache").
///
/// On disk: a header line `runkit-remote-cache 1 <FNV-1a of the body, hex> <body bytes>` and the
/// body, a JSON object (`server`, `experiment_id`, `full_fetch`, `created`, `runs`, `configs` as `runs/search` gave
/// them). A file whose header, length, hash, server or experiment disagree is torn or someone
/// else's, and is not read (`init?(file:)` gives nil).
///
/// ```swift
/// let cached = CachedExperiment(fullFetch: 1_795_285_970_000, created: 1_795_285_965_460, runs: ["ab12…": run])
/// let bytes = cached.encoded(server: "http://127.0.0.1:5000", experimentID: "1")
/// CachedExperiment(file: bytes, server: "http://127.0.0.1:5000", experimentID: "1")?.runs.count   // 1
/// ```
struct CachedExperiment: Sendable {
    /// When every run of the experiment was last fetched (milliseconds since 1970, this machine's clock).
    var fullFetch: Int64
    /// The experiment's `creation_time` when the runs were fetched: an experiment of the same id
    /// made again (a server given a new database at the same address) has another, and its
    /// cache is not used.
    var created: Int64?
    /// The runs as `runs/search` gave them (`{"info": …, "data": …}`), by run id.
    var runs: [String: ConfigValue]
    /// The config files of ended runs read through the artifact proxy, by their path below the
    /// artifact root: the file's text, or null for a run without one.
    var configs: [String: ConfigValue] = [:]

    static let magic = "runkit-remote-cache 1"

    /// MLflow's statuses of a run that has ended: such a run is taken as unchanged while its
    /// `end_time` is (the staleness rule).
    static let terminalStatuses: Set<String> = ["FINISHED", "FAILED", "KILLED"]

    init(fullFetch: Int64, created: Int64?, runs: [String: ConfigValue]) {
        self.fullFetch = fullFetch
        self.created = created
        self.runs = runs
    }

    /// The runs of `list` (a `runs/search` answer's `runs`) by id.
    init(fullFetch: Int64, created: Int64?, list: [ConfigValue]) {
        var runs: [String: ConfigValue] = [:]
        for run in list { if let id = Self.runID(run) { runs[id] = run } }
        self.init(fullFetch: fullFetch, created: created, runs: runs)
    }

    /// The cache file's bytes, read back by `init?(file:server:experimentID:)`.
    func encoded(server: String, experimentID: String) -> [UInt8] {
        let body: OrderedDictionary<String, ConfigValue> = [
            "server": .string(server), "experiment_id": .string(experimentID), "full_fetch": .int(Int(fullFetch)),
            "created": created.map { .int(Int($0)) } ?? .null, "runs": .list(runs.keys.sorted().map { runs[$0]! }),
            "configs": .map(OrderedDictionary(uniqueKeysWithValues: configs.keys.sorted().map { ($0, configs[$0]!) })),
        ]
        var bytes: [UInt8] = []
        JSONWriter.write(.map(body), into: &bytes)
        var hash = FNV1a()
        hash.add(bytes)
        return Array("\(Self.magic) \(hash.hex) \(bytes.count)\n".utf8) + bytes
    }

    /// The experiment read from a cache file's bytes; nil when the file is torn (a header, length
    /// or hash that does not match), not JSON, or kept for another server or experiment.
    init?(file: [UInt8], server: String, experimentID: String) {
        guard let newline = file.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let header = String(decoding: file[..<newline], as: UTF8.self).split(separator: " ")
        let body = file[(newline + 1)...]
        guard header.count == 4, header[0...1].joined(separator: " ") == Self.magic, Int(header[3]) == body.count else { return nil }
        var hash = FNV1a()
        hash.add(body)
        guard String(header[2]) == hash.hex,
              let value = try? JSONParser.parse(String(decoding: body, as: UTF8.self)),
              value.text("server") == server, value.text("experiment_id") == experimentID,
              let fullFetch = value.integer("full_fetch") else { return nil }
        self.init(fullFetch: fullFetch, created: value.integer("created"), list: value.list("runs"))
        for (path, text) in value.member("configs")?.mapValue ?? [:] { configs[path] = text }
    }

    /// A run's id in a `runs/search` answer.
    static func runID(_ run: ConfigValue) -> String? {
        guard let info = run.member("info") else { return nil }
        return info.text("run_id") ?? info.text("run_uuid")
    }

    /// A run's status (`RUNNING`, `FINISHED`, …).
    static func status(_ run: ConfigValue) -> String? { run.member("info")?.text("status") }

    /// Whether a run has ended (FINISHED, FAILED, KILLED).
    static func hasEnded(_ run: ConfigValue) -> Bool { status(run).map(terminalStatuses.contains) ?? false }

    /// Whether a run is deleted (its own lifecycle stage).
    static func isDeleted(_ run: ConfigValue) -> Bool { run.member("info")?.text("lifecycle_stage") == "deleted" }

    /// The path below the artifact root of an ended run's config read through the artifact proxy;
    /// nil for a run not ended, or whose config is read elsewhere (`ArtifactPlace`).
    static func proxiedConfig(_ run: ConfigValue) -> String? {
        guard hasEnded(run), case .proxied(let folder) = ArtifactPlace(uri: run.member("info")?.text("artifact_uri")) else { return nil }
        return folder + "/" + HydraConfigFile.relativePath
    }

    /// The newest `end_time` among the runs that have ended; nil when none has.
    var lastEnd: Int64? {
        runs.values.lazy.filter(Self.hasEnded).compactMap { $0.member("info")?.integer("end_time") }.max()
    }
}
