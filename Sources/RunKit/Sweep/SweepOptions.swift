/// How a `Sweep` runs: where, how many at once, which share of the grid, and its fault policy.
///
/// ```swift
/// var options = SweepOptions(directory: "exps/lr_sweep")
/// options.jobs = 4
/// options.gpus = ["0", "1", "2", "3"]     // worker i gets CUDA_VISIBLE_DEVICES=gpus[i % 4]
/// options.timeout = 3600                  // per config; the process group is killed, the row is F
/// ```
public struct SweepOptions: Sendable {
    /// The sweep's folder: `log.tsv` (or `log_splits/split_<i>.tsv`), `exp_config.yaml`, and
    /// `runs/<run id>/` with each config's `output.log`, `metrics.jsonl` and `config.json`.
    public var directory: String
    /// Configs run at once by this runner.
    public var jobs: Int = 1
    /// GPU ids; worker *i* gets `CUDA_VISIBLE_DEVICES=gpus[i % count]`.
    public var gpus: [String] = []
    /// Run only config *i* with `i % count == index` (ConfigIter order) into
    /// `log_splits/split_<index>.tsv`, as malet's `total_splits`/`curr_split` do.
    public var split: (index: Int, count: Int)?
    /// Share the log with other runners (other processes or hosts) claiming configs from it.
    /// Without it, a live runner already on the log is an error.
    public var queue = false
    /// Seconds a config may run; then its process group is killed and its row is F.
    public var timeout: Double?
    /// Re-run configs whose row is F (once per runner invocation). Stale R rows always re-run.
    public var retryFailed = true
    /// A config that failed this many times — by any runner, counted in `<log>.failures.json`;
    /// a stop (SIGINT, SIGTERM, USR1) is no failure — is not retried: it stays F and is counted
    /// `givenUp` (`--max-failures`). A config that fails every time is reported, not looped on
    /// by every runner a cluster starts.
    public var maxFailures = 3
    /// Seconds between heartbeats of this runner's claims.
    public var heartbeat: Double = 5
    /// A claim whose heartbeat is older than this (seconds) is stale: its config runs again.
    /// A claim of a dead process on this host is stale at once.
    public var staleAfter: Double = 60
    /// Seconds between updates of a running config's row with the metrics reported so far.
    public var checkpointInterval: Double = 5
    /// Seconds between SIGTERM and SIGKILL when a command is stopped.
    public var killGrace: Double = 3
    /// When the sweep is stopped (its task cancelled: SIGINT, SIGTERM, USR1), put each running
    /// config back to pending — its row stays R with the metrics so far, its claim is dropped, so
    /// the next runner takes it — instead of recording it F. Slurm tasks run so (`--release-on-stop`).
    public var releaseOnStop = false
    /// With nothing left to claim, stay while other runners hold live claims: a config they
    /// release, or whose claim goes stale, is taken over (`--wait-for-others`). Without it the
    /// runner ends (exit status 3 when configs still run elsewhere).
    public var waitForOthers = false
    /// Configs this runner claims at most (`--max-configs`, a Slurm task's `--configs-per-task`).
    public var maxConfigs: Int?
    /// Extra environment for the command.
    public var environment: [String: String] = [:]

    public init(directory: String) {
        self.directory = directory
    }

    /// The log this runner writes.
    public var logPath: String {
        if let split { return directory + "/log_splits/split_\(split.index).tsv" }
        return directory + "/log.tsv"
    }
}

/// What a sweep did, and what its log holds for the configs of this runner's grid share.
public struct SweepSummary: Sendable, Hashable {
    /// Configs of the grid (of this split).
    public var total: Int
    /// Of those, how many are C, F, R (claimed by a live runner), and not run yet.
    public var completed: Int
    public var failed: Int
    public var running: Int
    public var pending: Int
    /// Of the failed, those that reached `SweepOptions.maxFailures`: no runner retries them.
    public var givenUp = 0

    /// The configs a runner would still claim: the pending ones, and with `retryingFailed` the
    /// failed ones not given up (`SweepOptions.retryFailed`).
    public func left(retryingFailed: Bool = true) -> Int {
        pending + (retryingFailed ? failed - givenUp : 0)
    }
    /// Configs this runner ran (attempts), and how many of them failed.
    public var ran: Int
    public var ranFailed: Int
    /// True when a stop was requested (SIGINT/SIGTERM) before the grid was done.
    public var interrupted: Bool
    public var logPath: String
    /// The configs this runner ran that failed, in the order they ended, with their reasons.
    public var failures: [SweepFailure] = []
}
