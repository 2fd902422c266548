import Foundation
import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

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
        let digests = (try? index?.digests()) ?? [:]
        let cachedConfigs = (try? index?.configs()) ?? [:]

        // Configs: the cached one when its file kept its signature, else read and parsed.
        let signatures = LockedDictionary<String, FileSignature>()
        // Every config read and parsed, and those that may be kept (no warning, not changing now).
        // (Two dictionaries, not one of optionals: ConfigValue takes `nil` as `.null`.)
        let configsRead = LockedDictionary<String, Bool>()
        let configsKept = LockedDictionary<String, ConfigValue>()
        let result = try store.loadRuns(LoadOptions(view: .all)) { directory in
            let signature = FileSignature.of(ConfigFingerprint.configPath(directory))
            signatures[directory] = signature
            if let cached = cachedConfigs[directory], cached.signature == signature,
               let config = try? RunRecord.decodeValue(cached.config) {
                return (config, nil)
            }
            let read = HydraConfigFile.read(artifactsDirectory: directory)
            configsRead[directory] = true
            if read.warning == nil, !signature.isRecent(since: trustedBefore) { configsKept[directory] = read.config }
            return read
        }

        // Each warning is about one run's config.yaml: it goes with that run.
        var warningsByFolder: [String: [LoadWarning]] = [:]
        var storeWarnings: [LoadWarning] = []
        for warning in result.warnings {
            let suffix = "/.hydra/config.yaml"
            if warning.path.hasSuffix(suffix) { warningsByFolder[String(warning.path.dropLast(suffix.count)), default: []].append(warning) }
            else { storeWarnings.append(warning) }
        }
        let units = result.runs.map { run in
            IndexRefresh.Unit(run: run, warnings: run.info.artifactsDirectory.flatMap { warningsByFolder[$0] } ?? [])
        }

        // Records are encoded chunk by chunk while they are written; only changed ones are.
        let runs = result.runs, warned = warningsByFolder
        let chunkSize = 8_192
        var everyRunRecorded = true
        var write = IndexDatabase.Refresh()
        // A database written this very moment (a sweep logging metrics) would not be trusted at
        // the next load anyway: its records are not rewritten, only the configs read are kept.
        let databaseIsChanging = database.isRecent(since: trustedBefore)
        write.chunks = databaseIsChanging ? 0 : (runs.count + chunkSize - 1) / chunkSize
        write.changedRows = { chunk in
            let range = chunk * chunkSize..<min(runs.count, (chunk + 1) * chunkSize)
            let rows = ParallelSlots.map(range.count) { offset -> IndexDatabase.Row? in
                let run = runs[range.lowerBound + offset]
                let directory = run.info.artifactsDirectory
                if let directory, warned[directory] != nil { return nil }
                let print = ConfigFingerprint.of(artifactsDirectory: directory, config: directory.flatMap { signatures[$0] })
                guard !print.config.isRecent(since: trustedBefore) else { return nil }
                return IndexDatabase.Row(unit: run.info.runID, fingerprint: print.bytes, record: RunRecord.encode(run))
            }
            if rows.contains(where: { $0 == nil }) { everyRunRecorded = false }
            return rows.compactMap { $0 }.filter { digests[$0.unit] != $0.digest }
        }
        let present = Set(runs.map(\.info.runID))
        write.removed = digests.keys.filter { !present.contains($0) }
        let folders = Set(runs.compactMap(\.info.artifactsDirectory))
        write.removedConfigs = cachedConfigs.keys.filter { !folders.contains($0) }
        write.configs = folders.compactMap { folder in
            configsKept[folder].map { IndexDatabase.ConfigRow(folder: folder, signature: signatures[folder]!, config: RunRecord.encode($0)) }
        }
        // The database's signature is recorded only when the index now holds all of it, and the
        // database is not being written this very moment.
        write.meta = {
            let trusted = everyRunRecorded && storeWarnings.isEmpty && !databaseIsChanging
            return ["database": trusted ? database.bytes : []]
        }
        Self.save(index, write)

        var refresh = IndexRefresh(units: units, runs: runs, storeWarnings: storeWarnings)
        refresh.read = configsRead.count
        refresh.queriedDatabase = true
        refresh.reused = runs.count - refresh.read
        refresh.removed = write.removed.count
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
