/// How `runkit sweep --slurm` asks Slurm for its job array: the array's size and throttle, the
/// resources of each task, and the warning signal before a time limit. Each maps to one `sbatch`
/// option of the generated script (`SlurmBatchScript`); nil leaves the cluster's default.
///
/// ```swift
/// var slurm = SlurmOptions(workers: 4)
/// slurm.parallel = 2            // #SBATCH --array=0-3%2
/// slurm.time = "1:00:00"        // #SBATCH --time=1:00:00
/// slurm.extra = ["--exclusive"]
/// ```
public struct SlurmOptions: Sendable, Hashable {
    /// Array tasks (`--array=0-(workers-1)`); each is a `runkit sweep --queue` runner.
    public var workers: Int
    /// Tasks running at once (`%K` of `--array`); nil: as many as the cluster allows.
    public var parallel: Int?
    public var partition: String?
    /// Each task's time limit, in any form `sbatch --time` takes (`90`, `1:30:00`, `1-00:00:00`).
    public var time: String?
    public var gres: String?
    public var gpusPerTask: String?
    public var cpusPerTask: Int?
    public var memory: String?
    public var account: String?
    public var qos: String?
    /// Seconds before the time limit when Slurm sends USR1 to the task (`--signal=B:USR1@S`):
    /// the task then stops its command, puts its config back to pending and requeues itself.
    public var signalSeconds: Int = 120
    /// The job's name (`--job-name`).
    public var jobName: String = "runkit-sweep"
    /// More `sbatch` options, each one `#SBATCH` line (`--exclusive`, `--constraint=a100`).
    public var extra: [String] = []

    public init(workers: Int) {
        self.workers = workers
    }

    /// The `sbatch` options, in the script's order.
    public var sbatchOptions: [String] {
        var options = ["--job-name=\(jobName)", "--array=0-\(workers - 1)" + (parallel.map { "%\($0)" } ?? "")]
        let mapped: [(String, String?)] = [
            ("partition", partition), ("time", time), ("gres", gres), ("gpus-per-task", gpusPerTask),
            ("cpus-per-task", cpusPerTask.map(String.init)), ("mem", memory), ("account", account), ("qos", qos),
        ]
        options += mapped.compactMap { name, value in value.map { "--\(name)=\($0)" } }
        options += ["--signal=B:USR1@\(signalSeconds)", "--requeue", "--open-mode=append"]
        return options + extra
    }
}
