import RunKit

/// One store a dashboard serves: its reader and the runs of its last load, kept in memory.
///
/// ```swift
/// let store = try ServedStore.load("project/mlflow.db")
/// store.runs.count      // the runs `runkit list` shows
/// ```
public struct ServedStore: Sendable {
    /// The store as given on the command line (what a record's `store` and `?store=` name).
    public var location: String
    public var reader: any RunStoreReader
    /// The runs not deleted, in the store's natural order (what `list` shows); a deleted run is
    /// read when asked for by id, as `show` reads it.
    public var runs: [Run]
    public var warnings: [LoadWarning]
    /// MLflow SQLite: the database's files when its runs were last read (`StoreSignature`); nil
    /// for the other stores (their run stamps look at their files, or they are read again).
    var signature: StoreSignature?
    /// Each run's stamp when the runs were last read (`RunStamping` stores: MLflow SQLite and
    /// file stores, MLXP, malet); nil for a store re-read whole on a change (remote ones).
    var stamps: RunStamps?
    /// The inotify watch over a `FolderStamping` store's folders (MLflow's file store, MLXP), which
    /// says which run folders to stamp again instead of walking the store; nil for other stores.
    var watch: FolderWatch?
    /// `RunStamping.outsideStamps` of the runs when last read (MLflow SQLite: the HydraFlow
    /// configs of RUNNING runs), taken again at every poll.
    var outside: [String: Int] = [:]
    /// When the runs were last read whole or checked (a remote store is read again after
    /// `Dashboard`'s `remoteEvery`).
    var readAt = ContinuousClock.now
    /// Counts this store's loads and refreshes: 1 after the first.
    public var generation: Int
    /// Why the last re-read failed (the runs are those of the load before), nil after a good one.
    public var reloadError: String?
    /// How many runs the last read read from the store: every run at a whole load, only the
    /// changed ones at a refresh of a `RunStamping` store.
    public var reread: Int

    /// The store as the API and the page name it: `location` with a password in it masked
    /// (`postgresql://mlflow:***@host/db`, `StoreAddress.masked`), so that an answer never carries a credential.
    public var name: String { StoreAddress.masked(location) }

    /// Opens and loads the store at `location` (a path or URI, as every command takes it).
    public static func load(_ location: String) throws -> ServedStore {
        let reader = try RunStore.open(location)
        return try load(location, reader: reader, generation: 1)
    }

    /// Loads `reader` whole; the watch, the signature and stamps are taken first, so a change
    /// during the load is seen by the next refresh. `watch` is kept when given (a re-load).
    static func load(_ location: String, reader: any RunStoreReader, generation: Int, watch: FolderWatch? = nil) throws -> ServedStore {
        let watch = watch ?? (reader as? any FolderStamping).map { FolderWatch(store: $0) }
        let signature = signature(of: reader)
        let stamps = try (reader as? any RunStamping)?.runStamps(after: nil)
        let result = try reader.loadRuns(LoadOptions(view: .activeOnly))
        return ServedStore(location: location, reader: reader, runs: result.runs, warnings: result.warnings,
                           signature: signature, stamps: stamps, watch: watch,
                           outside: (reader as? any RunStamping)?.outsideStamps(of: result.runs) ?? [:],
                           generation: generation, reread: result.runs.count)
    }

    /// How the store is watched: `inotify`, `poll` (a walk of its files each poll, bounded),
    /// `signature` (MLflow SQLite: three `stat`s, then the database is asked), or `refetch` (a
    /// remote store, read again every `Dashboard.remoteEvery`).
    public var watching: String {
        if isRefetched { return "refetch" }
        if let watch { return watch.isWatching ? "inotify" : "poll" }
        return reader.kind == .mlflowSQLite ? "signature" : "poll"
    }

    /// The store's `StoreSignature` now: MLflow SQLite's only (see `signature`).
    static func signature(of reader: any RunStoreReader) -> StoreSignature? {
        reader.kind == .mlflowSQLite ? StoreSignature.of(database: reader.path) : nil
    }

    /// What one refresh found.
    struct Refresh {
        /// The store brought up to date (nil when nothing changed, not even its bookkeeping).
        var store: ServedStore?
        /// True when its runs (or its reload error) changed: the dashboard's version moves.
        var changed: Bool
        /// How long watching the store took: its signature, its inotify queue, or a walk of its
        /// files when nothing else tells; stamping a changed store and re-reading it not counted.
        var looking: Duration
    }

    /// The store brought up to date. The signature first (MLflow SQLite: three `stat`s); when it
    /// moved, the run stamps. A file store's inotify watch says which run folders to stamp again
    /// (none: nothing to do), or the store is walked when the watch cannot tell. Then only the runs whose stamps moved
    /// are read again (`LoadOptions.runIDs`) and merged in natural order, or the whole store when
    /// its experiments changed, when more than half the runs changed, or when it has no stamps.
    /// A failed read keeps the runs and says why in `reloadError`.
    /// A remote store is read again every `remoteEvery` instead (`refreshedByRefetch(every:)`).
    func refreshed(remoteEvery: Duration = defaultRemoteEvery) -> Refresh {
        if isRefetched { return refreshedByRefetch(every: remoteEvery) }
        // `looking` is what watching the store costs when it is idle: its signature, its inotify
        // queue, or the walk of its files when neither tells. Stamping a store that changed is a
        // cost of the change, as its re-read is.
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Duration { started.duration(to: clock.now) }
        let now = Self.signature(of: reader)
        // Files outside the store's own (a RUNNING run's HydraFlow config) are looked at each poll.
        let outsideNow = (reader as? any RunStamping)?.outsideStamps(of: runs) ?? [:]
        let movedOutside = Set(outsideNow.keys.filter { outside[$0] != outsideNow[$0] })
        if now != nil, now == signature, movedOutside.isEmpty { return Refresh(store: nil, changed: false, looking: elapsed()) }
        var updated = self
        updated.signature = now
        updated.generation += 1
        guard let stamping = reader as? any RunStamping, let stamps else {
            let looking = elapsed()
            return Refresh(store: updated.reading { try Self.load(location, reader: reader, generation: generation + 1) }, changed: true, looking: looking)
        }
        if now != nil, now == signature {
            // Only outside files moved: those runs are read again, the stamps stay.
            let looking = elapsed()
            var changes = RunStamps.Changes()
            changes.reread = movedOutside
            return Refresh(store: updated.reading { try merging(changes, stamps: stamps, signature: now, by: stamping) }, changed: true, looking: looking)
        }
        let newStamps: RunStamps
        let looking: Duration
        do {
            switch (watch?.changes(), stamping as? any FolderStamping) {
            case (.quiet?, _): return Refresh(store: nil, changed: false, looking: elapsed())
            case (.runFolders(let folders)?, let folderStamping?):
                looking = elapsed()
                newStamps = folderStamping.runStamps(updating: stamps, runFolders: folders)
            default:
                let signed = elapsed()
                newStamps = try stamping.runStamps(after: stamps)
                looking = now == nil ? elapsed() : signed   // no signature: the walk is how it is watched
            }
        } catch {
            updated.reloadError = "\(error)"
            return Refresh(store: updated, changed: reloadError != updated.reloadError, looking: elapsed())
        }
        var changes = newStamps.changes(since: stamps)
        changes.reread.formUnion(movedOutside.subtracting(changes.removed))
        if changes.isEmpty {
            updated.stamps = newStamps
            updated.generation = generation
            let cleared = reloadError != nil
            updated.reloadError = nil
            return Refresh(store: updated, changed: cleared, looking: looking)
        }
        if changes.everything || changes.reread.count > runs.count / 2 {
            return Refresh(store: updated.reading { try Self.load(location, reader: reader, generation: generation + 1, watch: watch) },
                           changed: true, looking: looking)
        }
        return Refresh(store: updated.reading { try merging(changes, stamps: newStamps, signature: now, by: stamping) }, changed: true, looking: looking)
    }

    /// `read()`'s store, or this one with the error in `reloadError` (and the stamps of the
    /// runs it holds, so the runs that failed are read again at the next change).
    private func reading(_ read: () throws -> ServedStore) -> ServedStore {
        do {
            return try read()
        } catch {
            var failed = self
            failed.reloadError = "\(error)"
            return failed
        }
    }

    /// This store with the runs of `changes` read again (and those removed dropped), the rest kept.
    private func merging(_ changes: RunStamps.Changes, stamps: RunStamps, signature: StoreSignature?,
                         by stamping: any RunStamping) throws -> ServedStore {
        let result = try reader.loadRuns(LoadOptions(view: .all, runIDs: changes.reread))
        let dropped = changes.reread.union(changes.removed)
        let kept = runs.filter { !dropped.contains(stamping.stampKey(of: $0)) }
        // A file store also reads folders not named like run ids: only the asked-for ones are new.
        let fresh = result.runs.filter {
            RunView.activeOnly.includes(lifecycleStage: $0.info.lifecycleStage) && changes.reread.contains(stamping.stampKey(of: $0))
        }.sorted { stamping.precedes($0, $1, in: stamps) }
        var merged: [Run] = []
        merged.reserveCapacity(kept.count + fresh.count)
        var next = fresh.startIndex
        for run in kept {
            while next < fresh.endIndex, stamping.precedes(fresh[next], run, in: stamps) {
                merged.append(fresh[next])
                next += 1
            }
            merged.append(run)
        }
        merged += fresh[next...]
        // The warnings of the runs read again are replaced by those of this read.
        let warnings = self.warnings.filter { !stamping.concerns($0, runKeys: dropped) } + result.warnings
        return ServedStore(location: location, reader: reader, runs: merged, warnings: warnings, signature: signature,
                           stamps: stamps, watch: watch, outside: stamping.outsideStamps(of: merged),
                           generation: generation + 1, reread: result.runs.count)
    }
}
