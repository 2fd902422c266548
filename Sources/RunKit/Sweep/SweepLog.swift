import Foundation
import OrderedCollections

/// A sweep's files in its folder: the experiment log (`log.tsv` or `log_splits/split_<i>.tsv`),
/// its claims (`<log>.claims.json`), each config's count of failures (`<log>.failures.json`: run
/// id → failed attempts, for `SweepOptions.maxFailures`) and the lock every change takes (`.runkit.lock`, a `flock`
/// shared with other runners and `runkit log`). Each change reads both files, applies the
/// change and writes back what changed atomically, so a `kill -9` at any moment loses nothing
/// recorded. A value type: the `SweepLedger` actor keeps this runner's state beside it.
///
/// ```swift
/// let log = SweepLog(grid: grid, options: options, commitHash: "")
/// try log.transaction { log, claims in log.rows.count }
/// ```
struct SweepLog: Sendable {
    let grid: Grid
    let options: SweepOptions
    let logPath: String
    let lockPath: String
    let claimsPath: String
    let failuresPath: String
    /// The commit the configs run from (`GitProvenance.head()`), for the `commit_hash` column.
    let commitHash: String

    init(grid: Grid, options: SweepOptions, commitHash: String) {
        self.grid = grid
        self.options = options
        self.commitHash = commitHash
        logPath = options.logPath
        lockPath = options.directory + "/.runkit.lock"
        claimsPath = logPath + ".claims.json"
        failuresPath = logPath + ".failures.json"
    }

    /// Each config's count of failed attempts (run id → count); none when the file is missing or
    /// unreadable (a damaged count file only allows more retries).
    func failureCounts() -> [String: Int] {
        guard let bytes = try? PosixFileSystem.bytes(failuresPath),
              let map = (try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)))?.mapValue else { return [:] }
        return map.reduce(into: [:]) { counts, entry in counts[entry.key] = entry.value.intValue }
    }

    /// Adds one failed attempt of config `id`; call under the lock (in a `transaction`).
    func countFailure(of id: String) throws {
        var counts = failureCounts()
        counts[id, default: 0] += 1
        let record = ConfigValue.map(OrderedDictionary(uniqueKeysWithValues: counts.sorted { $0.key < $1.key }.map { ($0.key, ConfigValue.int($0.value)) }))
        try AtomicFile.write(JSONWriter.string(record) + "\n", to: failuresPath)
    }

    /// Creates the folders, records the split count, writes the grid beside the log, and the log
    /// itself when missing; checks the log was written for this grid's statics.
    func prepare() throws {
        try PosixFile.makeFolder(options.directory + "/runs")
        if let split = options.split {
            try PosixFile.makeFolder(options.directory + "/log_splits")
            // The number of splits, for --status (trailing splits may not have started) and to
            // refuse runners that split the grid another way.
            try PosixFile.withLock(lockPath) {
                if let recorded = LogResplit.recordedCount(in: options.directory), recorded != split.count {
                    throw RunKitError(.invalidArgument, "\(options.directory)/log_splits holds \(recorded) splits, not \(split.count); use --split I/\(recorded), or `runkit log resplit \(options.directory) --splits \(split.count)` first.", path: options.directory)
                }
                if LogResplit.recordedCount(in: options.directory) == nil {
                    try AtomicFile.write("\(split.count)\n", to: options.directory + "/log_splits/" + LogResplit.countFile)
                }
            }
        }
        // The grid beside the log (malet's layout; `runkit sweep --status` reads it). A file
        // RunKit wrote is kept up to date; a user's own file is never touched.
        let gridFile = options.directory + "/exp_config.yaml"
        let marker = "# written by runkit sweep: the grid of this folder's log\n"
        let existing = (try PosixFileSystem.bytes(gridFile)).map { String(decoding: $0, as: UTF8.self) }
        if existing == nil || existing!.hasPrefix(marker) {
            var text: String
            if case .maletYAML(let file) = grid.source, let bytes = try PosixFileSystem.bytes(file) {
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                var document = grid.statics
                if !grid.fields.isEmpty {
                    document["grid"] = .map(OrderedDictionary(uniqueKeysWithValues: grid.fieldValues.map { ($0.key, ConfigValue.list($0.value)) }))
                }
                text = PyYAMLDump.dump(document)
            }
            if PosixFileSystem.absolute(gridFile) != (grid.sourceFile.map(PosixFileSystem.absolute) ?? ""), existing != marker + text {
                try AtomicFile.write(marker + text, to: gridFile)
            }
        }
        try transaction { _, _ in }
    }

    /// Runs `body` on the log and the claims under the sweep's lock; writes back what changed.
    func transaction<T>(_ body: (inout ExperimentLogFile, inout [String: SweepClaim]) throws -> T) throws -> T {
        try PosixFile.withLock(lockPath) {
            var log = try ExperimentLogFile.read(logPath) ?? ExperimentLogFile(statics: grid.statics, gridFields: grid.fields)
            try checkStatics(log)
            log.addColumns(grid: grid.fields, metrics: [])
            let before = log.render()
            var claims = SweepClaim.read(claimsPath)
            let claimsBefore = claims
            let result = try body(&log, &claims)
            let after = log.render()
            if after != before || PosixFileSystem.fileKind(logPath) == .missing { try AtomicFile.write(after, to: logPath) }
            if claims != claimsBefore { try SweepClaim.write(claims, to: claimsPath) }
            return result
        }
    }

    /// Refreshes the heartbeat of the claims `ids` (those still this runner's), and sets the
    /// process group of a claim (to stop an orphan command after this runner dies).
    func refreshClaims(_ ids: Set<String>, group: (id: String, group: Int32)? = nil) throws {
        try PosixFile.withLock(lockPath) {
            var claims = SweepClaim.read(claimsPath)
            let now = SweepClock.now()
            for id in ids where claims[id]?.isOurs == true { claims[id]?.heartbeat = now }
            if let group, claims[group.id]?.isOurs == true { claims[group.id]?.group = group.group }
            try SweepClaim.write(claims, to: claimsPath)
        }
    }

    /// The log's statics must be the grid's (compared after PyYAML's round trip).
    private func checkStatics(_ log: ExperimentLogFile) throws {
        let wanted = (try? MaletYAML.parse(PyYAMLDump.dump(grid.statics)))?.mapValue ?? [:]
        for key in Set(wanted.keys).union(log.statics.keys).sorted() where !(wanted[key] ?? .null).looselyEquals(log.statics[key] ?? .null)
            || (wanted[key] == nil) != (log.statics[key] == nil) {
            throw RunKitError(.invalidArgument, "\(logPath) was written for other static configs: \(key) is \(log.statics[key].map { JSONWriter.string($0) } ?? "absent") there and \(wanted[key].map { JSONWriter.string($0) } ?? "absent") in the grid; use another --dir for this grid.", path: logPath)
        }
    }

    /// A row's status (`C`, `F`, `R`); a log without a status column holds only completed rows.
    static func status(of row: [String], in log: ExperimentLogFile) -> String {
        log.column("status").map { row[$0] } ?? "C"
    }

    /// The log's counts for `share`: a config claimed by a live runner is running, else its row's
    /// status counts. `writing` takes the lock as a runner does; otherwise (`--status`) the lock is
    /// only taken when it exists and nothing is created.
    func summary(of share: SweepShare, writing: Bool) throws -> SweepSummary {
        let read = { (try ExperimentLogFile.read(logPath), SweepClaim.read(claimsPath), failureCounts()) }
        let (log, claims, failures) = writing ? try PosixFile.withLock(lockPath, read) : try PosixFile.withReadLock(lockPath, read)
        var counts = (completed: 0, failed: 0, running: 0, givenUp: 0)
        var statuses: [String: String] = [:]
        if let log {
            for row in log.rows { statuses[SweepRunID.of(row: row, in: log)] = Self.status(of: row, in: log) }
        }
        let now = SweepClock.now()
        for (_, id) in share.points {
            if let claim = claims[id], claim.isOurs || !claim.isStale(now: now, staleAfter: options.staleAfter) {
                counts.running += 1
                continue
            }
            switch statuses[id] {
            case "C"?: counts.completed += 1
            case "F"?:
                counts.failed += 1
                if failures[id, default: 0] >= options.maxFailures { counts.givenUp += 1 }
            default: break
            }
        }
        let total = share.points.count
        var summary = SweepSummary(total: total, completed: counts.completed, failed: counts.failed, running: counts.running,
                                   pending: total - counts.completed - counts.failed - counts.running,
                                   ran: 0, ranFailed: 0, interrupted: false, logPath: logPath)
        summary.givenUp = counts.givenUp
        return summary
    }
}
