/// Runs a command (or a Swift closure) once per config of a `Grid`, keeping the results in a
/// malet-compatible experiment log that survives kills and crashes and resumes by config.
///
/// ```swift
/// let grid = try Grid.load("exps/mlp/exp_config.yaml")
/// var options = SweepOptions(directory: "exps/mlp")
/// options.jobs = 2
/// let summary = try await Sweep(grid: grid, options: options).run(command: ["python", "train.py"])
/// summary.completed   // configs whose row is C
/// ```
///
/// Each config gets its overrides appended to the command (or spliced where an argument is
/// `{overrides}`; inside a longer argument they are joined, shell-quoted), its config as JSON in
/// `RUNKIT_CONFIG`, a file to append JSON metric lines to in `RUNKIT_METRICS`, its folder in
/// `RUNKIT_RUN_DIR` and its id in `RUNKIT_RUN_ID`; stdout and stderr go to
/// `runs/<id>/output.log`. Every change to the log happens under a `flock` and is written
/// atomically, so any number of runners can share it and a `kill -9` loses nothing recorded.
public struct Sweep: Sendable {
    public var grid: Grid
    public var options: SweepOptions

    public init(grid: Grid, options: SweepOptions) {
        self.grid = grid
        self.options = options
    }

    /// Runs `command` for every config not yet complete; returns when none is left for this runner.
    /// Cancelling the calling task stops the sweep: each running command's process group gets
    /// SIGTERM (SIGKILL after `killGrace`), its config is recorded F and its claim released, and
    /// the summary is `interrupted` (`StopSignals` turns SIGINT/SIGTERM into that cancellation).
    public func run(command: [String], progress: (@Sendable (SweepProgress) -> Void)? = nil) async throws -> SweepSummary {
        guard !command.isEmpty else { throw RunKitError(.invalidArgument, "The sweep needs a command to run, after --.") }
        let ledger = try SweepLedger(grid: grid, options: options, progress: progress)
        let worker = SweepProcessWorker(command: command, ledger: ledger)
        return try await SweepRunner(ledger: ledger).run { job, index in try await worker.run(job, worker: index) }
    }

    /// Runs `body` for every config not yet complete, with the same log, resume, split and queue
    /// semantics as a command; `body` returns the final metrics, may record metrics as it goes
    /// (`SweepContext.record`), and sees what an interrupted earlier attempt recorded
    /// (`SweepContext.previousMetrics`) to resume from it. A thrown error marks the config F.
    ///
    /// Each call of `body` runs on a thread of its own; cancelling the calling task sets
    /// `SweepContext.isCancelled` and lets running calls end as they choose.
    ///
    /// ```swift
    /// try await Sweep(grid: grid, options: options).run { context in
    ///     let start = context.previousMetrics["loss"]?.listValue?.count ?? 0
    ///     for epoch in start..<10 { try context.record(["loss": .double(train(epoch))], step: epoch + 1) }
    ///     return ["done": true]
    /// }
    /// ```
    public func run(progress: (@Sendable (SweepProgress) -> Void)? = nil,
                    _ body: @escaping @Sendable (SweepContext) throws -> [String: ConfigValue]) async throws -> SweepSummary {
        let ledger = try SweepLedger(grid: grid, options: options, progress: progress)
        let worker = SweepClosureWorker(body: body)
        return try await SweepRunner(ledger: ledger).run { job, _ in try await worker.run(job) }
    }

    /// The summary of the log of these options for this grid, without running anything.
    public func status() throws -> SweepSummary {
        try SweepLog(grid: grid, options: options, commitHash: "").summary(of: SweepShare(grid: grid, split: options.split), writing: false)
    }
}
