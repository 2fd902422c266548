import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one owner of a running sweep's shared state: it claims configs from the log, records
/// their metrics and results, beats the heart of this runner's claims, takes over stale claims,
/// and counts what this runner ran. Workers and the heartbeat are tasks that call it; the files
/// themselves change only in `SweepLog` transactions under the `flock` other runners share.
/// Progress is reported from here, so reports never interleave.
///
/// ```swift
/// let ledger = try SweepLedger(grid: grid, options: options, progress: nil)
/// while let job = try await ledger.claimNext() { try await ledger.finish(job, .init(succeeded: true), seconds: 1) }
/// ```
actor SweepLedger {
    let log: SweepLog
    let share: SweepShare
    let options: SweepOptions
    private let progress: (@Sendable (SweepProgress) -> Void)?

    /// Configs this runner claimed (each is tried once per runner), and those it still holds.
    private var attempted: Set<String> = []
    private var ours: Set<String> = []
    private var ran = 0
    private var ranFailed = 0
    private var failures: [SweepFailure] = []
    /// Whether other runners held live claims on configs of this share when `claimNext` last found nothing.
    private var othersHoldClaims = false
    /// The first error that stopped a worker (the log could not be written, …): the others
    /// finish their config and claim no more.
    private(set) var failure: (any Error)?

    /// Prepares the sweep's folder and log (see `SweepLog.prepare`).
    init(grid: Grid, options: SweepOptions, progress: (@Sendable (SweepProgress) -> Void)?) throws {
        guard options.jobs >= 1 else { throw RunKitError(.invalidArgument, "--jobs must be 1 or more, not \(options.jobs).") }
        share = try SweepShare(grid: grid, split: options.split)
        log = SweepLog(grid: grid, options: options, commitHash: GitProvenance.head())
        self.options = options
        self.progress = progress
        try log.prepare()
    }

    /// Takes the next config to run, or nil when none is left for this runner. Claims of dead
    /// runners are dropped first (an orphaned command of one on this host is killed).
    func claimNext() throws -> SweepJob? {
        if let most = options.maxConfigs, attempted.count >= most { return nil }
        return try log.transaction { log, claims in
            let now = SweepClock.now()
            for (id, claim) in claims where !claim.isOurs && claim.isStale(now: now, staleAfter: options.staleAfter) {
                // A dead runner's command may still run, orphaned: stop it before its config runs again.
                if claim.host == SweepClaim.host, claim.group > 0 { kill(-claim.group, SIGKILL) }
                claims[id] = nil
            }
            if !options.queue, let other = claims.values.first(where: { !$0.isOurs }) {
                throw RunKitError(.invalidArgument, "Another runner (pid \(other.pid) on \(other.host)) is running configs of \(self.log.logPath); pass --queue to share the work with it.", path: self.log.logPath)
            }
            var rowIndex: [String: Int] = [:]
            for (index, row) in log.rows.enumerated() { rowIndex[SweepRunID.of(row: row, in: log)] = index }
            let failures = self.log.failureCounts()
            for (point, id) in share.points where claims[id] == nil && !attempted.contains(id) {
                var previous: Int64 = 0
                if let index = rowIndex[id] {
                    let row = log.rows[index]
                    switch SweepLog.status(of: row, in: log) {
                    case "C": continue
                    case "F" where !options.retryFailed || failures[id, default: 0] >= options.maxFailures: continue
                    default: break
                    }
                    previous = log.column("duration").flatMap { MaletTimes.microseconds(duration: row[$0]) } ?? 0
                    log.rows.remove(at: index)
                }
                var row = log.gridFields.map { SweepCell.grid(point.values[$0] ?? .null) }
                row += log.metricFields.map { field -> String in
                    switch field {
                    case "datetime": return SweepClock.datetime(now)
                    case "duration": return SweepClock.duration(previous)
                    case "commit_hash": return self.log.commitHash
                    case "status": return "R"
                    default: return ""
                    }
                }
                log.rows.append(row)
                claims[id] = SweepClaim(heartbeat: now, started: now)
                attempted.insert(id)
                ours.insert(id)
                let folder = options.directory + "/runs/" + id
                return SweepJob(point: point, id: id, previousDuration: previous, started: now,
                                runDirectory: folder, metricsPath: folder + "/metrics.jsonl")
            }
            // Stale claims were dropped above: what other runners hold now is live.
            othersHoldClaims = share.points.contains { claims[$0.id].map { !$0.isOurs } ?? false }
            return nil
        }
    }

    /// Writes the job's metrics so far into its row (status R, `status` nil) or its result (C/F),
    /// dropping the claim when final.
    func record(_ job: SweepJob, status: String?) throws {
        // A failure counts towards `maxFailures` unless the sweep was stopped (an interruption).
        try write(job, status: status ?? "R", keepClaim: status == nil, countingFailure: status == "F" && !Task.isCancelled)
        if status != nil {
            ours.remove(job.id)
            ran += 1
            if status == "F" { ranFailed += 1 }
        }
    }

    /// Puts a stopped job's config back to pending: its row stays R with the metrics so far and
    /// its claim is dropped, as a dead runner's would be, so the next runner takes it.
    func release(_ job: SweepJob) throws {
        try write(job, status: "R", keepClaim: false, countingFailure: false)
        ours.remove(job.id)
    }

    /// Writes the job's row (metrics so far, `status`) and refreshes or drops its claim; with
    /// `countingFailure`, adds one to the config's failures in the same transaction.
    private func write(_ job: SweepJob, status: String, keepClaim: Bool, countingFailure: Bool) throws {
        let metrics = job.reportedMetrics()
        try log.transaction { log, claims in
            log.addColumns(grid: [], metrics: Array(metrics.keys))
            let now = SweepClock.now()
            var index = log.rows.firstIndex { SweepRunID.of(row: $0, in: log) == job.id }
            if index == nil {
                log.rows.append(log.gridFields.map { SweepCell.grid(job.point.values[$0] ?? .null) } + log.metricFields.map { _ in "" })
                index = log.rows.count - 1
            }
            var row = log.rows[index!]
            for (offset, field) in log.metricFields.enumerated() {
                let column = log.gridFields.count + offset
                switch field {
                case "datetime": row[column] = SweepClock.datetime(now)
                case "duration": row[column] = SweepClock.duration(job.previousDuration + now - job.started)
                case "commit_hash": row[column] = self.log.commitHash
                case "status": row[column] = status
                default: row[column] = metrics[field].map(SweepCell.metric) ?? ""
                }
            }
            log.rows[index!] = row
            if keepClaim {
                claims[job.id]?.heartbeat = now
            } else {
                claims[job.id] = nil
            }
            if countingFailure { try self.log.countFailure(of: job.id) }
        }
    }

    /// Records how an attempt ended (C or F, releasing the claim) and reports it. A failed attempt
    /// of a stopped sweep (the calling task cancelled) under `releaseOnStop` is released instead.
    func finish(_ job: SweepJob, _ outcome: SweepJob.Outcome, seconds: Double) throws {
        if !outcome.succeeded, options.releaseOnStop, Task.isCancelled {
            try release(job)
            job.appendNote("runkit: the config was put back to pending for the next runner.")
            return
        }
        try record(job, status: outcome.succeeded ? "C" : "F")
        var failed: SweepFailure?
        if !outcome.succeeded {
            let outputLog = job.runDirectory + "/output.log"
            var reason = outcome.note ?? "failed"
            if reason.hasSuffix(".") { reason.removeLast() }
            failed = SweepFailure(id: job.id, config: job.label, reason: reason,
                                  outputLog: outputLog, lastLines: SweepFailure.lastLines(of: outputLog))
            failures.append(failed!)
        }
        try report(.finished(config: job.label, status: outcome.succeeded ? "C" : "F", seconds: seconds, failure: failed))
    }

    /// True when this runner should wait for configs others may still give up (`waitForOthers`):
    /// it may claim more, and another live runner holds a claim on a config of its share.
    /// Read by the last `claimNext` that found nothing, under the same lock, so a config released
    /// after it is either seen here as still claimed or claimable by the next `claimNext`.
    func shouldWait() -> Bool {
        options.waitForOthers && othersHoldClaims && (options.maxConfigs.map { attempted.count < $0 } ?? true)
    }

    /// Refreshes this runner's claims and reports the counts (`.tick`); errors wait for the next beat.
    func beat() {
        if !ours.isEmpty { try? log.refreshClaims(ours) }
        try? report(.tick)
    }

    /// Notes the process group of the command running `id`, so a later runner can stop it if
    /// this one dies.
    func setGroup(of id: String, to group: Int32) {
        try? log.refreshClaims(ours, group: (id, group))
    }

    /// Keeps the first error that stopped a worker.
    func fail(_ error: any Error) {
        if failure == nil { failure = error }
    }

    /// Tells `progress` about `event`, with the counts as they are now.
    func report(_ event: SweepProgress.Event) throws {
        guard let progress else { return }
        progress(SweepProgress(event: event, summary: try summary()))
    }

    /// The log's counts for this runner's share, with what this runner ran; interrupted when the
    /// calling task is cancelled.
    func summary() throws -> SweepSummary {
        var summary = try log.summary(of: share, writing: true)
        summary.ran = ran
        summary.ranFailed = ranFailed
        summary.failures = failures
        summary.interrupted = Task.isCancelled
        return summary
    }
}
