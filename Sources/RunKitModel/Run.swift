import Foundation
import OrderedCollections
@_spi(RunKitInternals) import RunKitSupport

/// One experiment run, the same for every store: attributes, config tree, MLflow's
/// params/metrics/tags dictionaries, lazily loaded metric history, and the artifacts folder.
///
/// ```swift
/// let runs = try RunStore.open("mlflow.db").loadRuns()
/// let run = runs[0]
/// run.info.runID, run.config["model.type"], run.metrics["loss"], run.params["lr"]
/// let curve = try run.history("loss")   // [MetricPoint], read once, then cached
/// ```
public final class Run: Sendable {
    /// The config tree (Hydra's `config.yaml`, MLXP's `config.yaml`, malet's statics + grid).
    public let config: ConfigValue
    /// The run's params, metrics and tags when it has no row in a load's layout (`laidOut`); empty
    /// when it has one: the layout is then their one copy.
    private let ownParams: [String: String]
    private let ownMetrics: [String: Double]
    /// Latest metric values the store typed as something other than a double, kept as written:
    /// MLXP's int `epoch` or string `status_msg`, malet's int, string, dict or tuple result
    /// columns. `metrics.KEY` answers from here first; `metrics` still holds the numeric ones.
    public let metricValues: [String: ConfigValue]
    private let ownTags: [String: String]
    /// Which names the config root, metrics, params and tags may hold, for queries to skip lookups.
    /// Kept in the run, not its load, because every store's runs use it on every field read and it
    /// must sit beside the dictionaries in the object's first cache line (16 bytes).
    let presence: FieldPresence
    /// The run's row in its load's by-field layout of params, metrics and tags, when the load built
    /// one (MLflow SQLite): the run's params, metrics and tags are read there (see `RunFieldColumns`).
    let laidOut: RunFieldColumns.Row?
    /// Unified attributes plus the store's raw info. (Declared after the dictionaries on purpose:
    /// it is large, and a query reading `metrics`/`params` then finds them in the object's first
    /// cache line.)
    public let info: RunInfo

    private let historyLoader: @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>
    /// Reads one metric's history alone, where the store can (`history(_:)` asks it first).
    private let historyReader: MetricHistoryReader?
    /// The history, flattened config and implementations, once computed (`RunCacheState`).
    private let caches = Locked(RunCacheState())

    /// MLflow params: always strings.
    public var params: [String: String] { laidOut.map { $0.columns.params(at: $0.index) } ?? ownParams }
    /// Latest value of each metric (MLflow's rule: the point with the largest (step, timestamp, value)).
    public var metrics: [String: Double] { laidOut.map { $0.columns.metrics(at: $0.index) } ?? ownMetrics }
    /// MLflow tags, system `mlflow.*` tags included.
    public var tags: [String: String] { laidOut.map { $0.columns.tags(at: $0.index) } ?? ownTags }

    /// Makes a run. `history` is called the first time a history is asked for, and its answer
    /// kept (two threads asking at the very same moment may both call it; the first answer is kept).
    public convenience init(info: RunInfo, config: ConfigValue = .map([:]), params: [String: String] = [:],
                            metrics: [String: Double] = [:], metricValues: [String: ConfigValue] = [:],
                            tags: [String: String] = [:],
                            history: @escaping @Sendable () throws -> OrderedDictionary<String, [MetricPoint]> = { [:] }) {
        self.init(info: info, config: config, params: params, metrics: metrics, metricValues: metricValues, tags: tags,
                  history: history, reading: nil)
    }

    /// Makes a run whose metrics' histories `reader` reads one by one (`MetricHistoryReader`);
    /// `history` still reads them all, for `metricHistory()`.
    package init(info: RunInfo, config: ConfigValue = .map([:]), params: [String: String] = [:],
                 metrics: [String: Double] = [:], metricValues: [String: ConfigValue] = [:],
                 tags: [String: String] = [:],
                 history: @escaping @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>,
                 reading reader: MetricHistoryReader?) {
        self.laidOut = nil
        self.historyReader = reader
        self.info = info
        self.config = config
        self.ownParams = params
        self.ownMetrics = metrics
        self.metricValues = metricValues
        self.ownTags = tags
        self.presence = FieldPresence(config: config, params: params, metrics: metrics, metricValues: metricValues, tags: tags)
        self.historyLoader = history
    }

    /// Makes a run whose params, metrics and tags are at its row of its load's layout.
    package init(info: RunInfo, config: ConfigValue, laidOut: RunFieldColumns.Row,
                 history: @escaping @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>,
                 reading reader: MetricHistoryReader? = nil) {
        self.laidOut = laidOut
        self.historyReader = reader
        self.info = info
        self.config = config
        self.ownParams = [:]
        self.ownMetrics = [:]
        self.metricValues = [:]
        self.ownTags = [:]
        self.presence = FieldPresence(config: config, row: laidOut)
        self.historyLoader = history
    }

    /// A param, read where the run keeps it (its row of a layout, or its own dictionary).
    func param(_ name: String) -> String? {
        guard let laidOut else { return ownParams[name] }
        return laidOut.columns.params[name]?[laidOut.index] ?? nil
    }

    /// A numeric metric, read where the run keeps it.
    func numericMetric(_ name: String) -> Double? {
        guard let laidOut else { return ownMetrics[name] }
        return laidOut.columns.metrics[name]?[laidOut.index] ?? nil
    }

    /// A tag, read where the run keeps it.
    func tag(_ name: String) -> String? {
        guard let laidOut else { return ownTags[name] }
        return laidOut.columns.tags[name]?[laidOut.index] ?? nil
    }

    /// The params sorted by key (without building a dictionary for a run of a layout).
    package var sortedParams: [(key: String, value: String)] {
        laidOut.map { $0.columns.sortedParams(at: $0.index) } ?? ownParams.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The tags sorted by key (without building a dictionary for a run of a layout).
    package var sortedTags: [(key: String, value: String)] {
        laidOut.map { $0.columns.sortedTags(at: $0.index) } ?? ownTags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Every metric's history in the store's order, loaded on first use and kept.
    public func metricHistory() throws -> OrderedDictionary<String, [MetricPoint]> {
        try cached(\.history, historyLoader)
    }

    /// One metric's history, or nil when the run never logged that metric. Where the store can
    /// read one metric alone (`MetricHistoryReader`), only that metric is read, and kept.
    public func history(_ key: String) throws -> [MetricPoint]? {
        if let reader = historyReader, reader.answers(key) {
            let known: [MetricPoint]?? = caches.withLock { state in
                if let whole = state.history { return .some(whole[key]) }
                return state.metricHistories[key]
            }
            if let known { return known }
            let points = try reader.read(key)
            caches.withLock { $0.metricHistories[key] = .some(points) }
            return points
        }
        return try metricHistory()[key]
    }

    /// The latest value of a metric, typed as the store wrote it, or nil.
    ///
    /// ```swift
    /// run.metric("train.epoch")   // .int(9) for MLXP, .double(9.0) for MLflow
    /// ```
    public func metric(_ name: String) -> ConfigValue? {
        // Most stores type no metric specially: skip hashing the name twice.
        if metricValues.isEmpty { return numericMetric(name).map(ConfigValue.double) }
        return metricValues[name] ?? numericMetric(name).map(ConfigValue.double)
    }

    /// Every metric name (numeric or not), sorted.
    public var metricNames: [String] {
        if let laidOut { return laidOut.columns.metricNames(at: laidOut.index) }
        return metricValues.isEmpty ? ownMetrics.keys.sorted() : Set(ownMetrics.keys).union(metricValues.keys).sorted()
    }

    /// The run id (`info.runID`).
    public var id: String { info.runID }

    /// The artifacts folder, where the store has one.
    public var artifactsDirectory: URL? {
        info.artifactsDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    /// The config flattened to dotted keys (HydraFlow's `Run.to_dict()`), computed once.
    public var flatConfig: OrderedDictionary<String, ConfigValue> {
        cached(\.flatConfig) { config.flattened() }
    }

    /// The value kept at `slot`, computed with `compute` (outside the lock, so that a computation
    /// may ask this run for another cached value) and kept when none was stored meanwhile.
    /// A failed computation keeps nothing: a later call tries again.
    private func cached<Value>(_ slot: WritableKeyPath<RunCacheState, Value?>, _ compute: () throws -> Value) rethrows -> Value {
        if let value = caches.withLock({ $0[keyPath: slot] }) { return value }
        let computed = try compute()
        return caches.withLock { state in
            if let value = state[keyPath: slot] { return value }
            state[keyPath: slot] = computed
            return computed
        }
    }

    /// The object of `type` built for this run (`implementation(_:make:)`), made with `make` on first
    /// use, outside the lock, and kept (made twice at the same moment, the first is kept).
    package func implementation<T>(of type: T.Type, _ make: () throws -> T) rethrows -> T {
        let key = ObjectIdentifier(type)
        if let object = caches.withLock({ $0.implementations[key] }) as? T { return object }
        let made = try make()
        return caches.withLock { state in
            if let object = state.implementations[key] as? T { return object }
            state.implementations[key] = made
            return made
        }
    }
}

extension Run: CustomStringConvertible {
    public var description: String { "Run(\(info.runID), \(info.runName))" }
}
