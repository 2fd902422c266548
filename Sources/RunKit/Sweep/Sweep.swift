import Foundation
import OrderedCollections

/// Runs a command (or a Swift closure) once per config of a `Grid`, keeping the results in a
/// malet-compatible experiment log that survives kills and crashes and resumes by config.
///
/// ```swift
/// let grid = try Grid.load("exps/mlp/exp_config.yaml")
/// var options = SweepOptions(directory: "exps/mlp")
/// options.jobs = 2
/// let summary = try Sweep(grid: grid, options: options).run(command: ["python", "train.py"])
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
    public func run(command: [String], progress: (@Sendable (SweepProgress) -> Void)? = nil) throws -> SweepSummary {
        guard !command.isEmpty else { throw RunKitError(.invalidArgument, "The sweep needs a command to run, after --.") }
        let engine = try SweepEngine(grid: grid, options: options, progress: progress)
        return try engine.run { job, worker in try engine.runCommand(command, job: job, worker: worker) }
    }

    /// Runs `body` for every config not yet complete, with the same log, resume, split and queue
    /// semantics as a command; `body` returns the final metrics, may record metrics as it goes
    /// (`SweepContext.record`), and sees what an interrupted earlier attempt recorded
    /// (`SweepContext.previousMetrics`) to resume from it. A thrown error marks the config F.
    ///
    /// ```swift
    /// try Sweep(grid: grid, options: options).run { context in
    ///     let start = context.previousMetrics["loss"]?.listValue?.count ?? 0
    ///     for epoch in start..<10 { try context.record(["loss": .double(train(epoch))], step: epoch + 1) }
    ///     return ["done": true]
    /// }
    /// ```
    public func run(progress: (@Sendable (SweepProgress) -> Void)? = nil,
                    _ body: @escaping @Sendable (SweepContext) throws -> [String: ConfigValue]) throws -> SweepSummary {
        let engine = try SweepEngine(grid: grid, options: options, progress: progress)
        return try engine.run { job, _ in try engine.runClosure(body, job: job) }
    }

    /// The summary of the log of these options for this grid, without running anything.
    public func status() throws -> SweepSummary {
        try SweepEngine(grid: grid, options: options, progress: nil, prepare: false).summary()
    }
}

/// What a config's closure sees in `Sweep.run(_:)`.
public final class SweepContext: Sendable {
    /// The config.
    public let point: GridPoint
    /// Its folder (`runs/<id>`), for checkpoints and artifacts.
    public let runDirectory: String
    /// The metrics recorded by earlier attempts of this config (a killed or failed run), as the
    /// log would hold them: stepped metrics as lists.
    public let previousMetrics: OrderedDictionary<String, ConfigValue>
    let metricsPath: String
    /// Held while a line is appended, so lines recorded from several threads never interleave.
    private let appending = Locked(())

    init(point: GridPoint, runDirectory: String, metricsPath: String, previousMetrics: OrderedDictionary<String, ConfigValue>) {
        self.point = point
        self.runDirectory = runDirectory
        self.metricsPath = metricsPath
        self.previousMetrics = previousMetrics
    }

    /// True once the sweep was asked to stop (SIGINT/SIGTERM): return or throw soon.
    public var isCancelled: Bool { SweepStop.isRequested }

    /// Appends metrics (one JSON line, with `step` when given) to the config's metrics file; the
    /// runner copies them into the log's row while the config runs.
    public func record(_ metrics: [String: ConfigValue], step: Int? = nil) throws {
        var entries: [(String, ConfigValue)] = metrics.sorted { $0.key < $1.key }
        if let step { entries.insert(("step", .int(step)), at: 0) }
        let line = JSONWriter.string(.map(.init(uniqueKeysWithValues: entries))) + "\n"
        try appending.withLock { _ in try append(line) }
    }

    private func append(_ line: String) throws {
        guard let handle = FileHandle(forWritingAtPath: metricsPath) ?? {
            _ = FileManager.default.createFile(atPath: metricsPath, contents: nil)   // the open below says if it failed
            return FileHandle(forWritingAtPath: metricsPath)
        }() else { throw RunKitError(.unreadableFile, "Cannot write \(metricsPath).", path: metricsPath) }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}
