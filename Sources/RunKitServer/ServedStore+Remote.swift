import RunKit

extension ServedStore {
    /// Store kinds with no files here to watch (an MLflow tracking server, MLflow's PostgreSQL):
    /// read again whole every `remoteEvery` of the dashboard, their version moved only when a
    /// run's record differs.
    static let refetchedKinds: Set<StoreKind> = [.mlflowServer, .mlflowPostgres]

    /// How often a remote store is read again unless told (`runkit serve --remote-every`'s 5 s).
    public static let defaultRemoteEvery: Duration = .seconds(5)

    /// True for a store `refreshedByRefetch(every:)` keeps current.
    var isRefetched: Bool { Self.refetchedKinds.contains(reader.kind) }

    /// A remote store brought up to date: once `interval` has passed since its last read, it is
    /// read again (a tracking server through its cache, which asks the server only for the runs
    /// that may have changed: docs/remote.md) and compared with the runs held. Unchanged, only
    /// the time of the read moves; changed, the new runs replace the old and `reread` counts the
    /// runs added, removed or changed. A failed read keeps the runs and says why.
    ///
    ///     // runkit serve http://tracking:5000 --remote-every 5
    ///     store.refreshedByRefetch(every: .seconds(5))   // nil store before 5 s have passed
    func refreshedByRefetch(every interval: Duration) -> Refresh {
        let clock = ContinuousClock()
        guard readAt.duration(to: clock.now) >= interval else { return Refresh(store: nil, changed: false, looking: .zero) }
        // The interval runs from the end of one read to the start of the next, so a read slower
        // than the interval does not keep the server busy back to back.
        var updated = self
        do {
            var fresh = try Self.load(location, reader: reader, generation: generation + 1)
            fresh.readAt = clock.now
            let differing = Self.runsDiffering(runs, fresh.runs)
            guard differing > 0 || fresh.warnings != warnings else {
                updated.readAt = fresh.readAt
                updated.reloadError = nil
                return Refresh(store: updated, changed: reloadError != nil, looking: .zero)
            }
            fresh.reread = differing
            return Refresh(store: fresh, changed: true, looking: .zero)
        } catch {
            updated.readAt = clock.now
            updated.reloadError = "\(error)"
            return Refresh(store: updated, changed: reloadError != updated.reloadError, looking: .zero)
        }
    }

    /// How many runs `new` adds, removes or changes against `old` (ids, order, and each record:
    /// info, config, params, metrics, tags; a NaN equals a NaN here).
    static func runsDiffering(_ old: [Run], _ new: [Run]) -> Int {
        var held: [String: (position: Int, run: Run)] = [:]
        held.reserveCapacity(old.count)
        for (position, run) in old.enumerated() { held[run.info.runID] = (position, run) }
        var differing = 0
        var matched = 0
        var lastPosition = -1
        for run in new {
            guard let (position, before) = held[run.info.runID] else {
                differing += 1
                continue
            }
            matched += 1
            if position < lastPosition || !sameRecord(before, run) { differing += 1 }
            lastPosition = position
        }
        return differing + (old.count - matched)
    }

    /// True when two reads of a run give the same record.
    static func sameRecord(_ a: Run, _ b: Run) -> Bool {
        func same(_ x: [String: Double], _ y: [String: Double]) -> Bool {
            x == y || (x.count == y.count && x.allSatisfy { key, value in y[key].map { $0 == value || ($0.isNaN && value.isNaN) } ?? false })
        }
        func same(_ x: ConfigValue, _ y: ConfigValue) -> Bool { x == y || x.description == y.description }
        return a.info == b.info && a.params == b.params && a.tags == b.tags && same(a.metrics, b.metrics)
            && same(a.config, b.config)
            && a.metricValues.count == b.metricValues.count
            && a.metricValues.allSatisfy { key, value in b.metricValues[key].map { same(value, $0) } ?? false }
    }
}
