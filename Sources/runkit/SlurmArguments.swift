import ArgumentParser
import Foundation
import RunKit

/// The options of `runkit sweep --slurm`: the job array and what each task asks of Slurm.
struct SlurmArguments: ParsableArguments {
    @Flag(name: .long, help: "Submit the sweep as a Slurm job array of --queue runners (script in DIR/slurm/sweep.sbatch).")
    var slurm = false

    @Flag(name: .long, help: "With --slurm: print the batch script (and write it), submit nothing.")
    var dryRun = false

    @Flag(name: .long, help: "With --slurm and the sweep's folder (runkit sweep DIR --slurm --resubmit): submit its script again for the configs left (--workers: at most that many tasks).")
    var resubmit = false

    @Option(name: .long, help: "With --slurm: array tasks (default: configs / --configs-per-task, else one per config).")
    var workers: Int?

    @Option(name: .long, help: "With --slurm: tasks running at once (the %K of --array).")
    var parallel: Int?

    @Option(name: .long, help: "With --slurm: configs a task runs at most, then it ends (default: until none is left).")
    var configsPerTask: Int?

    @Option(name: .long, help: "With --slurm: sbatch --partition.")
    var partition: String?

    @Option(name: .long, help: "With --slurm: each task's time limit (sbatch --time).")
    var time: String?

    @Option(name: .long, help: "With --slurm: sbatch --gres.")
    var gres: String?

    @Option(name: .long, help: "With --slurm: sbatch --gpus-per-task.")
    var gpusPerTask: String?

    @Option(name: .long, help: "With --slurm: sbatch --cpus-per-task.")
    var cpusPerTask: Int?

    @Option(name: .long, help: "With --slurm: sbatch --mem.")
    var mem: String?

    @Option(name: .long, help: "With --slurm: sbatch --account.")
    var account: String?

    @Option(name: .long, help: "With --slurm: sbatch --qos.")
    var qos: String?

    @Option(name: .long, help: "With --slurm: seconds before the time limit a task gets USR1, puts its config back and requeues itself (default 120).")
    var signalBefore: Int = 120

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp("With --slurm: one more sbatch option (repeatable): --sbatch-arg --exclusive.", valueName: "option"))
    var sbatchArg: [String] = []

    /// The sbatch options, for a grid of `configs` configs.
    func options(configs: Int) throws -> SlurmOptions {
        for (name, value) in [("--workers", workers), ("--parallel", parallel), ("--configs-per-task", configsPerTask), ("--cpus-per-task", cpusPerTask)] {
            if let value, value < 1 { throw ValidationError("\(name) must be 1 or more, not \(value).") }
        }
        guard signalBefore >= 0 else { throw ValidationError("--signal-before must be 0 or more, not \(signalBefore).") }
        let perTask = configsPerTask ?? 1
        var options = SlurmOptions(workers: workers ?? max(1, (configs + perTask - 1) / perTask))
        options.parallel = parallel
        options.partition = partition
        options.time = time
        options.gres = gres
        options.gpusPerTask = gpusPerTask
        options.cpusPerTask = cpusPerTask
        options.memory = mem
        options.account = account
        options.qos = qos
        options.signalSeconds = signalBefore
        options.extra = sbatchArg
        return options
    }
}
