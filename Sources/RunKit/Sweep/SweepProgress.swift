/// What a running sweep reports: a config started or ended, or time passed (every heartbeat),
/// with the counts of the whole log at that moment.
///
/// ```swift
/// try await Sweep(grid: grid, options: options).run(command: command) { progress in
///     if case .finished(let config, let status, _, _) = progress.event { print(config, status) }
///     print("\(progress.summary.completed)/\(progress.summary.total), \(progress.summary.running) running")
/// }
/// ```
public struct SweepProgress: Sendable {
    public enum Event: Sendable, Hashable {
        /// A config was claimed and its command is starting (`config` is its grid values).
        case started(config: String)
        /// A config ended: `status` C or F, after `seconds`; a failure says why.
        case finished(config: String, status: String, seconds: Double, failure: SweepFailure?)
        /// Nothing started or ended; the counts may have changed (other runners).
        case tick
    }

    public var event: Event
    /// The log's counts for this runner's share of the grid, this runner's claims included.
    public var summary: SweepSummary

    public init(event: Event, summary: SweepSummary) {
        self.event = event
        self.summary = summary
    }
}
