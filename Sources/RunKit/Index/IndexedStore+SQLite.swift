import Foundation

extension IndexedStore {
    /// An MLflow SQLite store. When the database (and its `-wal`) kept its signature and every
    /// run's config did too, all runs come from the index. Otherwise the tables are queried again
    /// and only the configs whose file changed are read; every run's record is then rewritten
    /// where it differs.
    func refreshSQLite(_ store: MLflowSQLiteStore, index: IndexDatabase?, trustedBefore: Int64) throws -> IndexRefresh {
        let database = Self.databaseFingerprint(store)
        if let index, let recorded = try? index.meta("database"), recorded == database.bytes,
           var refresh = Self.unchangedSQLite(store, index: index) {
            refresh.indexPath = index.path
            return refresh
        }
        let cached = Self.cachedRows(index)

        // Configs: the cached one when its file kept its signature, else read and parsed.
        let cachedByFolder = Dictionary(cached.values.compactMap { row -> (String, IndexDatabase.Row)? in
            guard let print = try? row.fingerprint.withUnsafeBytes({ try ConfigFingerprint(bytes: $0) }),
                  !print.artifactsDirectory.isEmpty else { return nil }
            return (print.artifactsDirectory, row)
        }, uniquingKeysWith: { first, _ in first })
        let signatures = LockedDictionary<String, FileSignature>()
        let configsRead = LockedDictionary<String, Bool>()
        let result = try store.loadRuns(LoadOptions(view: .all)) { directory in
            let signature = FileSignature.of(ConfigFingerprint.configPath(directory))
            signatures[directory] = signature
            if let row = cachedByFolder[directory],
               let print = try? row.fingerprint.withUnsafeBytes({ try ConfigFingerprint(bytes: $0) }),
               print.config == signature, print.folderKind == .directory,
               let run = try? row.record.withUnsafeBytes({ try RunRecord.decode($0, history: { [:] }) }) {
                return (run.config, nil)
            }
            configsRead[directory] = true
            return HydraConfigFile.read(artifactsDirectory: directory)
        }

        // Each warning is about one run's config.yaml: it goes with that run.
        var warningsByFolder: [String: [LoadWarning]] = [:]
        var storeWarnings: [LoadWarning] = []
        for warning in result.warnings {
            let suffix = "/.hydra/config.yaml"
            if warning.path.hasSuffix(suffix) { warningsByFolder[String(warning.path.dropLast(suffix.count)), default: []].append(warning) }
            else { storeWarnings.append(warning) }
        }
        let warned = warningsByFolder
        var units: [IndexRefresh.Unit] = []
        var changed: [IndexDatabase.Row] = []
        var everyRunRecorded = true
        let rows = ParallelSlots.map(result.runs.count) { position -> IndexDatabase.Row? in
            let run = result.runs[position]
            let directory = run.info.artifactsDirectory
            if let directory, warned[directory] != nil { return nil }
            let print = ConfigFingerprint.of(artifactsDirectory: directory, config: directory.flatMap { signatures[$0] })
            guard !print.config.isRecent(since: trustedBefore) else { return nil }
            return IndexDatabase.Row(unit: run.info.runID, fingerprint: print.bytes, record: RunRecord.encode(run))
        }
        for (run, row) in zip(result.runs, rows) {
            units.append(IndexRefresh.Unit(run: run, warnings: run.info.artifactsDirectory.flatMap { warningsByFolder[$0] } ?? []))
            guard let row else { everyRunRecorded = false; continue }
            if let old = cached[row.unit], old.fingerprint == row.fingerprint, old.record == row.record { continue }
            changed.append(row)
        }
        let present = Set(result.runs.map(\.info.runID))
        let removed = cached.keys.filter { !present.contains($0) }
        // The database's signature is recorded only when the index now holds all of it, and the
        // database is not being written this very moment.
        let trusted = everyRunRecorded && storeWarnings.isEmpty && !database.isRecent(since: trustedBefore)
        Self.save(index, meta: ["database": trusted ? database.bytes : []], changed: changed, removed: removed)

        var refresh = IndexRefresh(units: units, runs: result.runs, storeWarnings: storeWarnings)
        refresh.read = configsRead.count
        refresh.reused = result.runs.count - refresh.read
        refresh.removed = removed.count
        refresh.indexPath = index?.path
        return refresh
    }

    /// The signatures of the database file and its write-ahead log.
    static func databaseFingerprint(_ store: MLflowSQLiteStore) -> FileSetFingerprint {
        let name = String(store.path.split(separator: "/").last ?? "")
        return FileSetFingerprint(entries: [name, name + "-wal"].map { ($0, FileSignature.of(store.rootDirectory + "/" + $0)) })
    }

    /// Every run from the index, when every run's config is still the one recorded; nil otherwise.
    /// Rows are read in batches and decoded on all cores while the next batch is read.
    private static func unchangedSQLite(_ store: MLflowSQLiteStore, index: IndexDatabase) -> IndexRefresh? {
        struct Stale: Error {}
        let root = OpenFolder(store.rootDirectory)
        var runs: [Run] = []
        do {
            try index.forEachBatch { batch in
                let decoded = ParallelSlots.map(batch.count) { row -> Run? in
                    guard let print = try? batch.withFingerprint(row, { try ConfigFingerprint(bytes: $0) }),
                          print.isCurrent(below: root) else { return nil }
                    let history = store.historyLoader(of: batch.unit(row))
                    return try? batch.withRecord(row) { try RunRecord.decode($0, history: history) }
                }
                runs.reserveCapacity(runs.count + decoded.count)
                for run in decoded {
                    guard let run else { throw Stale() }
                    runs.append(run)
                }
            }
        } catch {
            return nil
        }
        runs.sort(by: MLflowFileStore.naturalOrder)
        var refresh = IndexRefresh(units: [], runs: runs)
        refresh.reused = runs.count
        return refresh
    }
}
