import Foundation
import OrderedCollections
import RunKitModel
import RunKitStores
@_spi(RunKitInternals) import RunKitSupport

/// Reads an MLflow tracking server (`http(s)://host:port`) over the REST API MLflow's client
/// uses: `experiments/search`, `runs/search` with `page_token` paging, `metrics/get-history`
/// (paged, when a history is first asked for), and each run's HydraFlow config
/// (`.hydra/config.yaml`) through the server's artifact proxy, or from a local folder when the
/// run's artifact URI is a local path that exists here. Requests run several at once
/// (`RUNKIT_REMOTE_PARALLELISM`, default 16) and are retried on 429/5xx (`MLflowRESTClient`).
/// A load's `QueryBound` is sent as MLflow's `filter` where MLflow's grammar says exactly the
/// same (`MLflowFilter`); the rest is evaluated locally as for every store.
///
/// ```swift
/// let store = try MLflowServerStore(url: "http://127.0.0.1:5000")
/// let result = try store.loadRuns(LoadOptions(experiments: .name("train")))
/// ```
public struct MLflowServerStore: RunStoreReader {
    public var kind: StoreKind { .mlflowServer }
    /// The server's address, as given, a password in it masked (`http://user:***@host:5000`).
    public let path: String
    let client: MLflowRESTClient
    /// Requests in flight at once.
    let parallelism: Int
    /// Runs asked per `runs/search` page (MLflow's own client asks 10,000 for `search_runs`;
    /// servers accept up to 50,000). `RUNKIT_REMOTE_PAGE_SIZE` overrides it.
    let pageSize: Int
    /// How many searches to keep in flight by splitting experiments' searches into `start_time`
    /// ranges (`RUNKIT_REMOTE_SPLIT`, default 4, as `mlflow server`'s default workers; 1: never;
    /// `splitSearch`): one experiment is split into 4 ranges, two into 2 each, four or more not.
    let split: Int
    /// Where the runs are kept between questions (`RUNKIT_NO_CACHE` set: nowhere).
    let cache: RemoteRunCache?
    /// After how long (milliseconds) since an experiment's last full fetch the cache is not used
    /// but filled again (`RUNKIT_REMOTE_CACHE_MAX_AGE`, seconds; default an hour).
    let cacheMaxAge: Int64
    /// Whether `RUNKIT_QUERY_TIMINGS` asks for the fetch's counts on stderr.
    let reportsTimings: Bool
    let environment: [String: String]

    /// A store reading the server at `url`; nothing is requested before a load. Throws
    /// `invalidArgument` for a malformed address or setting.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty else {
            throw RunKitError(.invalidArgument, "\(url) is not an MLflow tracking server address: expected http://HOST:PORT or https://HOST[:PORT][/PREFIX].")
        }
        func count(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw RunKitError(.invalidArgument, "\(name)=\(text) is not a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return value
        }
        path = StoreAddress.masked(url)
        client = try MLflowRESTClient(baseURL: url, environment: environment)
        parallelism = try count("RUNKIT_REMOTE_PARALLELISM", 16, 1...256)
        pageSize = try count("RUNKIT_REMOTE_PAGE_SIZE", 10_000, 1...50_000)
        split = try count("RUNKIT_REMOTE_SPLIT", 4, 1...64)
        cacheMaxAge = Int64(try count("RUNKIT_REMOTE_CACHE_MAX_AGE", 3600, 0...1_000_000_000)) * 1000
        let noCache = environment["RUNKIT_NO_CACHE"].map { !["", "0", "false", "off", "no"].contains($0.lowercased()) } ?? false
        cache = noCache ? nil : RemoteRunCache(server: url, environment: environment)
        reportsTimings = environment["RUNKIT_QUERY_TIMINGS"] != nil
        self.environment = environment
    }

    /// Every experiment, deleted ones included, by experiment id (numerically where ids are numbers).
    public func experiments() throws -> [Experiment] {
        var experiments: [Experiment] = []
        var token: String?
        repeat {
            var body: OrderedDictionary<String, ConfigValue> = ["max_results": .int(1000), "view_type": .string("ALL")]
            if let token { body["page_token"] = .string(token) }
            let page = try client.post("mlflow/experiments/search", .map(body))
            for item in page.list("experiments") {
                var tags: [String: String] = [:]
                for tag in item.list("tags") { tags[tag.text("key") ?? ""] = tag.text("value") ?? "" }
                experiments.append(Experiment(
                    id: item.text("experiment_id") ?? "", name: item.text("name") ?? "",
                    lifecycleStage: item.text("lifecycle_stage") ?? "active", artifactLocation: item.text("artifact_location"),
                    creationTime: item.integer("creation_time"), lastUpdateTime: item.integer("last_update_time"), tags: tags))
            }
            token = page.text("next_page_token").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return experiments.sorted { Self.idOrder($0.id, $1.id) }
    }

    /// Experiment ids in SQL's order of an integer column: numbers by value, then other text.
    static func idOrder(_ left: String, _ right: String) -> Bool {
        switch (Int(left), Int(right)) {
        case let (l?, r?): return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return left < right
        }
    }

    public func loadRuns(_ options: LoadOptions) throws -> LoadResult {
        let selected = try experiments().filter { options.experiments.matches($0.name) }
        guard !selected.isEmpty else { return LoadResult(runs: []) }
        // A deleted experiment's runs are deleted whatever their own stage (as the SQLite store
        // reads them): ask for every run of such an experiment and choose here.
        let view: String
        switch options.view {
        case _ where selected.contains(where: { $0.lifecycleStage == "deleted" }): view = "ALL"
        case .activeOnly: view = "ACTIVE_ONLY"
        case .deletedOnly: view = "DELETED_ONLY"
        case .all: view = "ALL"
        }
        let filter = options.bound.flatMap(MLflowFilter.init(bound:))?.text
        let client = self.client, pageSize = self.pageSize, cacheMaxAge = self.cacheMaxAge
        // About `split` searches in flight (the server's workers): experiments first, then ranges.
        let pieces = max(1, min(split, parallelism) / selected.count)
        let cache = options.usesCache ? self.cache : nil
        let progress = RemoteFetchProgress(server: path, experiments: selected.count, environment: environment)
        defer { progress.finish() }
        let pushed = Locked(false)
        // The caches still fresh, read first: the runs not ended and the deleted runs of all their
        // experiments are asked in one search each (`sharedRefresh`), not once per experiment.
        let fresh = try RemoteWork.map(cache == nil ? 0 : selected.count, parallelism: parallelism) { index -> CachedExperiment? in
            let experiment = selected[index]
            guard let cache else { return nil }
            let cached = cache.read(experimentID: experiment.id)
            if cached == nil, PosixFileSystem.fileKind(cache.file(experimentID: experiment.id)) == .file { progress.reused(runs: 0, torn: 1) }
            return cached.flatMap { Self.now - $0.fullFetch <= cacheMaxAge && $0.created == experiment.creationTime ? $0 : nil }
        }
        let shared = try Self.sharedRefresh(client, experimentIDs: zip(selected, fresh).compactMap { $1?.lastEnd == nil ? nil : $0.id },
                                            pageSize: pageSize, progress: progress)
        let pages = try RemoteWork.map(selected.count, parallelism: parallelism) { index -> (runs: [ConfigValue], cached: (experiment: CachedExperiment, changed: Bool)?) in
            defer { progress.experimentDone() }
            let experiment = selected[index], id = experiment.id
            // With a cache: every run of the experiment, brought up to date (or fetched whole, and
            // kept); a question with a pushed filter and no fresh cache asks only for its candidates.
            if cache != nil {
                let fresh = fresh[index]
                if fresh != nil || filter == nil {
                    let cached = try Self.cachedRuns(client, experiment: experiment, cached: fresh, shared: shared[id] ?? [],
                                                     pageSize: pageSize, pieces: pieces, progress: progress)
                    return (Array(cached.experiment.runs.values), cached)
                }
            }
            if filter != nil { pushed.withLock { $0 = true } }
            return (try Self.splitSearch(client, experimentID: id, view: view, filter: filter, pageSize: pageSize, pieces: pieces,
                                         progress: progress), nil)
        }
        // Configs read through the proxy: those of ended runs are kept with the runs.
        var kept: [String: ConfigValue] = [:]
        for page in pages { kept.merge(page.cached?.experiment.configs ?? [:]) { first, _ in first } }
        let readNow = Locked<[String: ConfigValue]>([:])
        let keptConfigs = kept
        let readProxied: @Sendable (String) throws -> [UInt8]? = { path in
            if let text = keptConfigs[path] { return text.stringValue.map { Array($0.utf8) } }
            progress.configRead()
            let bytes = try client.artifact(path)
            // Text that is not UTF-8 is not kept (it is read again next time).
            if let bytes, let text = String(validating: bytes, as: UTF8.self) {
                readNow.withLock { $0[path] = .string(text) }
            } else if bytes == nil {
                readNow.withLock { $0[path] = .null }
            }
            return bytes
        }
        let experiments = Dictionary(selected.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var records = pages.map(\.runs).joined().compactMap { RemoteRunRecord(json: $0, experiments: experiments) }
        records = records.filter { options.view.includes(lifecycleStage: $0.info.lifecycleStage) }
        if let ids = options.runIDs { records = records.filter { ids.contains($0.info.runID) } }
        // The bound tested on what the server gave, before any config is read: a question
        // answered from the cache (or with a bound MLflow's grammar cannot take) reads the
        // configs of its candidates only.
        let fetched = records.count
        if let bound = options.bound {
            records = records.filter { $0.mayMatch(bound) }
            progress.completing(runs: records.count)
        }
        let parallelism = self.parallelism
        let made = try RemoteRuns.make(records, options, parallelism: parallelism, readProxied: readProxied,
                                       proxiedPath: { client.baseURL + "/api/2.0/mlflow-artifacts/artifacts/" + $0 }) { record in
            { try Self.history(of: record, client: client, parallelism: parallelism) }
        }
        if let cache {
            let read = readNow.withLock { $0 }
            for (experiment, page) in zip(selected, pages) {
                guard let cached = page.cached else { continue }
                let withConfigs = Self.keepingConfigs(cached.experiment, read: read, kept: keptConfigs)
                if cached.changed || withConfigs.changed { cache.write(withConfigs.experiment, experimentID: experiment.id) }
            }
        }
        progress.finish()
        if reportsTimings { RemoteFetchProgress.standardError("runkit: " + progress.summary + "\n") }
        var result = LoadResult(runs: made.runs, warnings: made.warnings)
        if pushed.withLock({ $0 }) {
            result.pushed = filter
        } else if let bound = options.bound, records.count < fetched {
            result.pushed = "\(bound), on the runs fetched"
        }
        // Configs left out, or not parsed for want of a needle: the CLI then answers again from whole runs on an error.
        result.projected = !options.projection.isEverything
        return result
    }

    /// Every page of `runs/search` for the experiments, in the server's order, from `token` on
    /// (nil: the first page); each page counted in `progress`.
    static func searchRuns(_ client: MLflowRESTClient, experimentIDs: [String], view: String, filter: String?,
                           pageSize: Int, token: String? = nil, progress: RemoteFetchProgress) throws -> [ConfigValue] {
        var runs: [ConfigValue] = []
        var token = token
        repeat {
            let page = try searchPage(client, experimentIDs: experimentIDs, view: view, filter: filter, size: pageSize, token: token,
                                      progress: progress)
            runs += page.runs
            token = page.token
        } while token != nil
        return runs
    }

    /// One run's metric histories, as `get_metric_history` gives them, keys in order, each by
    /// (timestamp, step, value) as the SQLite store orders them; every key's pages fetched in parallel.
    static func history(of run: RemoteRunRecord, client: MLflowRESTClient, parallelism: Int) throws -> OrderedDictionary<String, [MetricPoint]> {
        let keys = run.metrics.keys.sorted()
        let runID = run.info.runID
        let lists = try RemoteWork.map(keys.count, parallelism: parallelism) { index in
            var points: [MetricPoint] = []
            var token: String?
            repeat {
                var query = [("run_id", runID), ("metric_key", keys[index]), ("max_results", "25000")]
                if let token { query.append(("page_token", token)) }
                let page = try client.get("mlflow/metrics/get-history", query)
                for metric in page.list("metrics") {
                    points.append(MetricPoint(step: metric.integer("step") ?? 0, timestamp: metric.integer("timestamp"),
                                              value: metric.metricValue("value") ?? .nan))
                }
                token = page.text("next_page_token").flatMap { $0.isEmpty ? nil : $0 }
            } while token != nil
            return points.sorted(by: historyOrder)
        }
        var result = OrderedDictionary<String, [MetricPoint]>()
        for (key, points) in zip(keys, lists) where !points.isEmpty { result[key] = points }
        return result
    }

    /// MLflow SQL's order of a history: timestamp, step, then the stored value (0 for NaN).
    static func historyOrder(_ left: MetricPoint, _ right: MetricPoint) -> Bool {
        let l = (left.timestamp ?? .min, left.step), r = (right.timestamp ?? .min, right.step)
        if l != r { return l < r }
        return (left.value.isNaN ? 0 : left.value) < (right.value.isNaN ? 0 : right.value)
    }
}
