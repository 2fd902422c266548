import OrderedCollections
import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

extension IndexedStore {
    /// A run folder to bring up to date, and how its store reads it.
    struct FolderJob: Sendable {
        /// The index key: the folder, plus what the run takes from outside it (its experiment).
        var unit: String
        var folder: String
        var load: @Sendable () -> RunLoadOutcome
        var history: @Sendable () -> OrderedDictionary<String, [MetricPoint]>
        /// Whether a plain load with given options would read this folder (for its warnings).
        var readBy: @Sendable (LoadOptions) -> Bool
    }

    /// An MLflow file store: its experiments and run folders are listed each time (one
    /// `readdir` per experiment); each run folder is checked against the index.
    func refreshFolders(_ store: MLflowFileStore, index: IndexDatabase?, trustedBefore: Int64) throws -> IndexRefresh {
        var storeWarnings: [LoadWarning] = []
        let candidates = try store.runFolders(LoadOptions(view: .all), warnings: &storeWarnings)
        let jobs = candidates.map { folder, experiment in
            FolderJob(
                unit: folder + "\n" + experiment.id + "\n" + experiment.name + "\n" + experiment.lifecycleStage,
                folder: folder,
                load: { MLflowRunFolder.load(folder: folder, experiment: experiment, filter: MLflowRunFolder.Filter(view: .all)) },
                history: { MLflowRunFolder.history(folder: folder) },
                readBy: { options in
                    MLflowFileStore.lists(experiment, options)
                        && MLflowFileStore.reads(folderNamed: String(folder.split(separator: "/").last ?? ""), options)
                })
        }
        var refresh = refreshFolders(jobs, rule: .mlflowRun, index: index, trustedBefore: trustedBefore)
        refresh.storeWarnings = storeWarnings
        refresh.runs.sort(by: MLflowFileStore.naturalOrder)
        return refresh
    }

    /// An MLXP log folder: its numbered run folders are listed each time, each checked against
    /// the index.
    func refreshFolders(_ store: MLXPStore, index: IndexDatabase?, trustedBefore: Int64) throws -> IndexRefresh {
        let experiment = store.experimentName
        let jobs = try store.runFolderNumbers().map { number in
            let folder = store.root + "/" + String(number)
            return FolderJob(
                unit: folder + "\n" + experiment,
                folder: folder,
                load: { MLXPRunFolder.load(folder: folder, id: number, experiment: experiment) },
                history: { MLXPRunFolder.history(folder: folder) },
                readBy: { options in store.selects(runNumber: number, options) })
        }
        return refreshFolders(jobs, rule: .mlxpRun, index: index, trustedBefore: trustedBefore)
    }

    /// Checks every job's folder against the index in parallel: a folder whose files all kept
    /// their signatures gives its run from the index; any other is read from the store and, when
    /// it loaded cleanly and is not changing right now, recorded. Runs come out in job order.
    func refreshFolders(_ jobs: [FolderJob], rule: FileSetFingerprint.Rule, index: IndexDatabase?, trustedBefore: Int64) -> IndexRefresh {
        let cached = Self.cachedRows(index)
        let outcomes = ParallelSlots.map(jobs.count) { position -> (unit: IndexRefresh.Unit, row: IndexDatabase.Row?, reused: Bool) in
            let job = jobs[position]
            if let row = cached[job.unit],
               let fingerprint = try? row.fingerprint.withUnsafeBytes({ try FileSetFingerprint(bytes: $0) }),
               fingerprint.matches(under: job.folder),
               let run = try? row.record.withUnsafeBytes({ try RunRecord.decode($0, history: job.history) }) {
                return (IndexRefresh.Unit(run: run, readBy: job.readBy), nil, true)
            }
            // Signatures first: a file changed while the run is read makes them stale, never the run.
            let fingerprint = FileSetFingerprint.walk(job.folder, rule: rule)
            let outcome = job.load()
            var row: IndexDatabase.Row?
            if let run = outcome.run, outcome.warnings.isEmpty, !fingerprint.isRecent(since: trustedBefore) {
                row = IndexDatabase.Row(unit: job.unit, fingerprint: fingerprint.bytes, record: RunRecord.encode(run))
            }
            return (IndexRefresh.Unit(run: outcome.run, warnings: outcome.warnings, readBy: job.readBy), row, false)
        }
        let listed = Set(jobs.map(\.unit))
        // Gone from the store, or re-read and not recorded again: either way no longer trusted.
        var removed = cached.keys.filter { !listed.contains($0) }
        for (job, outcome) in zip(jobs, outcomes) where !outcome.reused && outcome.row == nil && cached[job.unit] != nil {
            removed.append(job.unit)
        }
        let changed = outcomes.compactMap(\.row)
        if !changed.isEmpty || !removed.isEmpty {
            Self.save(index, IndexDatabase.Refresh(chunks: 1, changedRows: { _ in changed }, removed: removed))
        }
        var refresh = IndexRefresh(units: outcomes.map(\.unit), runs: outcomes.compactMap(\.unit.run))
        refresh.reused = outcomes.count { $0.reused }
        refresh.read = jobs.count - refresh.reused
        refresh.removed = removed.count
        refresh.indexPath = index?.path
        return refresh
    }
}
