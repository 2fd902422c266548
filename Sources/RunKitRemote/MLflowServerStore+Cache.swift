import Foundation
import RunKitModel
import RunKitStores

extension MLflowServerStore {
    /// Milliseconds since 1970 on this machine's clock.
    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Every run of `experiment` (every lifecycle stage): `cached` brought up to date with the
    /// runs that changed since (`refresh`; `shared`: its runs in `sharedRefresh`'s answers), or, without a cache to start from, all of them
    /// fetched; and whether it differs from what the cache holds (the caller writes it, with the
    /// configs it reads, `keepingConfigs`).
    static func cachedRuns(_ client: MLflowRESTClient, experiment: Experiment, cached: CachedExperiment?, shared: [ConfigValue],
                           pageSize: Int, pieces: Int, progress: RemoteFetchProgress) throws -> (experiment: CachedExperiment, changed: Bool) {
        if let cached, let refreshed = try refresh(cached, client, experimentID: experiment.id, shared: shared, pageSize: pageSize,
                                                   progress: progress) {
            return refreshed
        }
        let started = now
        let runs = try splitSearch(client, experimentID: experiment.id, view: "ALL", filter: nil, pageSize: pageSize, pieces: pieces,
                                   progress: progress)
        return (CachedExperiment(fullFetch: started, created: experiment.creationTime, list: runs), true)
    }

    /// `experiment` with the configs of its ended runs read through the proxy: those read by this
    /// load (`read`) or kept before (`kept`); configs of runs no longer there, or not ended, are
    /// left out. `changed` is true when they differ from those it held.
    static func keepingConfigs(_ experiment: CachedExperiment, read: [String: ConfigValue],
                               kept: [String: ConfigValue]) -> (experiment: CachedExperiment, changed: Bool) {
        var configs: [String: ConfigValue] = [:]
        for run in experiment.runs.values {
            guard let path = CachedExperiment.proxiedConfig(run), let text = read[path] ?? kept[path] else { continue }
            configs[path] = text
        }
        var result = experiment
        result.configs = configs
        return (result, configs != experiment.configs)
    }

    /// The first and third searches of the staleness rule (`refresh`), asked once for all the
    /// experiments whose cache is refreshed (`experiment_ids` takes a list): the runs not ended,
    /// and the deleted runs. Their answers by experiment id.
    static func sharedRefresh(_ client: MLflowRESTClient, experimentIDs: [String], pageSize: Int,
                              progress: RemoteFetchProgress) throws -> [String: [ConfigValue]] {
        guard !experimentIDs.isEmpty else { return [:] }
        let queries: [(view: String, filter: String?)] = [("ALL", notEndedFilter), ("DELETED_ONLY", nil)]
        let answers = try RemoteWork.map(queries.count, parallelism: queries.count) { index in
            try searchRuns(client, experimentIDs: experimentIDs, view: queries[index].view, filter: queries[index].filter,
                           pageSize: pageSize, progress: progress)
        }
        var byExperiment: [String: [ConfigValue]] = [:]
        for run in answers.joined() {
            guard let id = run.member("info")?.text("experiment_id") else { continue }
            byExperiment[id, default: []].append(run)
        }
        return byExperiment
    }

    /// The filter of the runs that have not ended (MLflow's grammar has no `IN` for statuses).
    static let notEndedFilter = CachedExperiment.terminalStatuses.sorted().map { "attributes.status != '\($0)'" }
        .joined(separator: " AND ")

    /// `cached` brought up to date by the staleness rule (docs/remote.md, "The cache"): a run that
    /// has ended (FINISHED, FAILED, KILLED) is taken as unchanged; asked again are
    ///
    /// 1. the runs that have not ended (RUNNING, SCHEDULED: their metrics and tags still change),
    ///    new ones among them;
    /// 2. the runs that ended at or after the newest `end_time` cached (runs that ended since,
    ///    new ones among them);
    /// 3. the deleted runs (`DELETED_ONLY`: MLflow records no time of deletion to ask by);
    /// 4. by id, the cached runs that had not ended, or were deleted, and are in none of those
    ///    answers (they ended with an older `end_time`, were restored, or are gone: dropped).
    ///
    /// 1 and 3 are asked for all experiments at once (`sharedRefresh`), given here as `shared`.
    /// Nil when nothing cached has ended (there is no time to ask from: fetch everything).
    static func refresh(_ cached: CachedExperiment, _ client: MLflowRESTClient, experimentID: String, shared: [ConfigValue],
                        pageSize: Int, progress: RemoteFetchProgress) throws -> (experiment: CachedExperiment, changed: Bool)? {
        guard let lastEnd = cached.lastEnd else { return nil }
        let ended = try searchRuns(client, experimentIDs: [experimentID], view: "ALL", filter: "attributes.end_time >= \(lastEnd)",
                                   pageSize: pageSize, progress: progress)
        let answers = [shared, ended]
        var experiment = cached
        var seen = Set<String>()
        // Whether the file must be written again: a run new or different (the runs that ended last
        // are asked again every time and mostly come back as they were).
        var changed = false
        for run in answers.joined() {
            guard let id = CachedExperiment.runID(run) else { continue }
            if experiment.runs[id] != run { changed = true }
            experiment.runs[id] = run
            seen.insert(id)
        }
        let unsure = cached.runs.compactMap { id, run in
            !seen.contains(id) && (!CachedExperiment.hasEnded(run) || CachedExperiment.isDeleted(run)) ? id : nil
        }.sorted()
        var dropped = 0
        for start in stride(from: 0, to: unsure.count, by: 100) {
            let chunk = unsure[start..<min(start + 100, unsure.count)]
            let filter = "attributes.run_id IN (" + chunk.map { "'\($0)'" }.joined(separator: ", ") + ")"
            let found = try searchRuns(client, experimentIDs: [experimentID], view: "ALL", filter: filter, pageSize: pageSize, progress: progress)
            var left = Set(chunk)
            for run in found {
                guard let id = CachedExperiment.runID(run) else { continue }
                if experiment.runs[id] != run { changed = true }
                experiment.runs[id] = run
                left.remove(id)
                seen.insert(id)
            }
            for id in left { experiment.runs[id] = nil }
            dropped += left.count
        }
        progress.reused(runs: experiment.runs.keys.filter { !seen.contains($0) }.count, dropped: dropped)
        return (experiment, changed || dropped > 0)
    }
}
