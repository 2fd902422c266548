import Foundation

/// Runs a sweep's configs: `jobs` workers and a heartbeat, child tasks of one task group, around
/// the `SweepLedger` that owns the log and the claims. Each worker claims a config, runs it
/// (`execute`: a command in its process group, or a closure) and records its result, until none
/// is left. Cancelling the task that runs the sweep is how it stops: running configs are
/// stopped (a command's process group gets SIGTERM, then SIGKILL after the grace), recorded F,
/// their claims released, and the summary says `interrupted`.
///
/// ```swift
/// let ledger = try SweepLedger(grid: grid, options: options, progress: nil)
/// let summary = try await SweepRunner(ledger: ledger).run { job, worker in .init(succeeded: true) }
/// ```
struct SweepRunner: Sendable {
    let ledger: SweepLedger

    /// Runs the workers until no config is left, the task is cancelled, or an error stops one.
    func run(_ execute: @escaping @Sendable (SweepJob, Int) async throws -> SweepJob.Outcome) async throws -> SweepSummary {
        let options = ledger.options
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await heartbeat(every: options.heartbeat) }
            await withTaskGroup(of: Void.self) { workers in
                for worker in 0..<options.jobs {
                    workers.addTask { await work(worker, execute) }
                }
            }
            group.cancelAll()   // the heartbeat
        }
        if let failure = await ledger.failure { throw failure }
        return try await ledger.summary()
    }

    /// One worker: claims and runs configs one after another (and, under `waitForOthers`, waits
    /// for configs other runners still hold). An error of the sweep itself (the
    /// log cannot be written) stops every worker after its current config; a config's own error
    /// only fails that config.
    private func work(_ worker: Int, _ execute: @Sendable (SweepJob, Int) async throws -> SweepJob.Outcome) async {
        do {
            while !Task.isCancelled, await ledger.failure == nil {
                guard let job = try await ledger.claimNext() else {
                    // Others still run configs (--wait-for-others): take over what they release or leave stale.
                    guard await ledger.shouldWait() else { break }
                    try? await Task.sleep(for: .seconds(ledger.options.heartbeat))
                    continue
                }
                try PosixFile.makeFolder(job.runDirectory)
                try await ledger.report(.started(config: job.label))
                let began = ContinuousClock.now
                let outcome: SweepJob.Outcome
                do {
                    outcome = try await execute(job, worker)
                } catch {
                    outcome = SweepJob.Outcome(succeeded: false, note: "\(error)")
                    job.appendNote("runkit: the config failed: \(error)")
                }
                try await ledger.finish(job, outcome, seconds: (ContinuousClock.now - began) / .seconds(1))
            }
        } catch {
            await ledger.fail(error)
        }
    }

    /// Refreshes the claims and reports the counts every `seconds`, until cancelled.
    private func heartbeat(every seconds: Double) async {
        while (try? await Task.sleep(for: .seconds(seconds))) != nil {
            await ledger.beat()
        }
    }
}
