import ArgumentParser
import Foundation
import RunKit

/// `runkit sweep GRID -- CMD ARGS…`: runs a command once per config, resumably.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a command once per config of a grid, into a malet-compatible log that resumes by config.",
        discussion: """
        runkit sweep exp/exp_config.yaml -- python train.py           (overrides appended)
        runkit sweep --dir out a=1,2 b=x,y -- python train.py {overrides} --flag
        runkit sweep --status exp
        runkit sweep exp/exp_config.yaml --slurm --workers 4 --parallel 2 --time 1:00:00 -- python train.py
        runkit sweep --status exp --slurm                              (the array's tasks, from Slurm)
        runkit sweep exp --slurm --resubmit                             (a new array for what is left)
        Each config gets RUNKIT_CONFIG (JSON), RUNKIT_METRICS (append JSON lines, optional "step"),
        RUNKIT_RUN_DIR and RUNKIT_RUN_ID; its stdout/stderr go to DIR/runs/<id>/output.log.
        Progress goes to stderr: a live line on a terminal, else one line per finished config.
        Each failed config's reason, output.log and its last lines end the summary.
        Exit status: 0 every config complete; 1 some failed (or an error); 3 none failed, but other
        runners (--queue) still run some: not complete yet; 130 interrupted. --status: 0.
        """)

    @Argument(help: "A malet grid YAML, or Hydra overrides; then -- and the command.", completion: .file(extensions: ["yaml", "yml"]))
    var inputs: [String] = []

    @Option(name: .long, help: "The sweep's folder (default: the grid file's folder; required with overrides).", completion: .directory)
    var dir: String?

    @Option(name: .long, help: "Configs to run at once.")
    var jobs: Int?

    @Option(name: .long, help: "Comma-separated GPU ids; worker i gets CUDA_VISIBLE_DEVICES=gpus[i % n] (default --jobs: their number).")
    var gpus: String?

    @Option(name: .long, help: "I/N: run configs i with i % N == I into log_splits/split_I.tsv (malet's splits).")
    var split: String?

    @Flag(name: .long, help: "Share the log with other runners (other processes or machines).")
    var queue = false

    @Option(name: .long, help: "Seconds a config may run before its process group is killed and it is recorded F.")
    var timeout: Double?

    @Option(name: .long, help: "all (default): re-run failed configs once per invocation; none: leave them F.")
    var retryFailed: String = "all"

    @Option(name: .long, help: "Failures (by any runner) after which a config is not retried (default 3).")
    var maxFailures: Int = 3

    @Option(name: .long, help: "Seconds after which another runner's claim without heartbeat is stale (default 60).")
    var staleAfter: Double = 60

    @Option(name: .long, help: "A Hydra config directory for glob(…) sweeps.", completion: .directory)
    var configDir: String?

    @Option(name: .long, help: ArgumentHelp("Summarise the sweep in DIR (done, running, failed, pending) and exit; writes nothing there.", valueName: "DIR"),
            completion: .directory)
    var status: String?

    @Flag(name: .long, help: "When stopped (SIGINT, SIGTERM, USR1), put running configs back to pending instead of recording them F.")
    var releaseOnStop = false

    @Flag(name: .long, help: "With nothing left to claim, stay while other runners hold claims, and take over what they release or leave stale.")
    var waitForOthers = false

    @Option(name: .long, help: "Configs this runner claims at most, then it ends.")
    var maxConfigs: Int?

    @OptionGroup(title: "Slurm") var slurm: SlurmArguments

    @OptionGroup var output: FormatOption

    func run() async throws {
        if let status { return try printStatus(status) }
        if slurm.resubmit { return try resubmit() }
        let command = Self.command()
        let gridInputs = Array(inputs.dropLast(command.count))
        let grid = try GridInput(inputs: gridInputs, configDir: configDir).grid()
        var directory = dir
        if directory == nil, case .maletYAML(let file) = grid.source {
            directory = (file as NSString).deletingLastPathComponent
            if directory?.isEmpty ?? true { directory = "." }
        }
        guard let directory else { throw ValidationError("Give the sweep's folder with --dir when the grid is Hydra overrides.") }
        var options = SweepOptions(directory: directory)
        options.gpus = gpus.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        options.jobs = jobs ?? max(1, options.gpus.count)
        options.split = try split.map(Self.parseSplit)
        options.queue = queue
        options.timeout = timeout
        options.staleAfter = staleAfter
        switch retryFailed {
        case "all": options.retryFailed = true
        case "none": options.retryFailed = false
        default: throw ValidationError("--retry-failed is all or none, not \(retryFailed).")
        }
        guard maxFailures >= 1 else { throw ValidationError("--max-failures must be 1 or more, not \(maxFailures).") }
        options.maxFailures = maxFailures
        options.releaseOnStop = releaseOnStop
        options.waitForOthers = waitForOthers
        if let maxConfigs, maxConfigs < 1 { throw ValidationError("--max-configs must be 1 or more, not \(maxConfigs).") }
        options.maxConfigs = maxConfigs
        guard !command.isEmpty else { throw ValidationError("Give the command to run after --: runkit sweep GRID -- python train.py.") }
        if slurm.slurm { return try submit(grid: grid, gridInputs: gridInputs, directory: directory, command: command) }

        let reporter = SweepReporter(live: isatty(STDERR_FILENO) == 1)
        let sweep = Sweep(grid: grid, options: options)
        let (summary, signal) = try await StopSignals([SIGINT, SIGTERM, SIGUSR1]).run {
            try await sweep.run(command: command, progress: reporter.report)
        }
        reporter.finish(summary, directory: directory)
        // A Slurm task warned of its time limit (or preemption): run again later, for what is left.
        if signal == SIGUSR1, summary.pending > 0, let job = Slurm.currentJob {
            Terminal.note("USR1: requeueing Slurm job \(job) for the \(summary.pending) pending config(s).")
            try Slurm.requeue(job)
        }
        throw ExitCode(Self.exitStatus(summary))
    }

    /// `--slurm`: writes the batch script of a job array of `--queue` runners on the sweep's folder
    /// and submits it (prints it with `--dry-run`).
    private func submit(grid: Grid, gridInputs: [String], directory: String, command: [String]) throws {
        guard split == nil else { throw ValidationError("--slurm shares one log among its tasks: leave out --split.") }
        let workingDirectory = FileManager.default.currentDirectoryPath
        let absolute = { (path: String) in (path.hasPrefix("/") ? path : workingDirectory + "/" + path) as NSString }
        let folder = absolute(directory).standardizingPath
        var runner = [Self.executable(), "sweep", "--queue", "--release-on-stop", "--wait-for-others", "--dir", folder]
        if let perTask = slurm.configsPerTask { runner += ["--max-configs", String(perTask)] }
        if let jobs { runner += ["--jobs", String(jobs)] }
        if let gpus { runner += ["--gpus", gpus] }
        if let timeout { runner += ["--timeout", String(timeout)] }
        if retryFailed != "all" { runner += ["--retry-failed", retryFailed] }
        if maxFailures != 3 { runner += ["--max-failures", String(maxFailures)] }
        if staleAfter != 60 { runner += ["--stale-after", String(staleAfter)] }
        if let configDir { runner += ["--config-dir", absolute(configDir).standardizingPath] }
        // The grid as given (a YAML file made absolute, or the overrides), then the command.
        runner += gridInputs.map { $0.contains("=") || $0.hasPrefix("~") ? $0 : absolute($0).standardizingPath }
        runner += ["--"] + command
        let script = SlurmBatchScript(slurm: try slurm.options(configs: grid.points.count), directory: folder,
                                      workingDirectory: workingDirectory, runner: runner)
        if slurm.dryRun { return Terminal.write(script.text) }
        let job = try script.submit()
        Terminal.write(job + "\n")
        Terminal.note("submitted job array \(job) (\(script.slurm.workers) tasks for \(grid.points.count) configs): \(script.path); its tasks write \(SlurmBatchScript.folder(of: folder))/\(job)_<task>.out; follow it with runkit sweep --status \(directory)")
    }

    /// `runkit sweep DIR --slurm --resubmit`: submits the folder's batch script again as an array
    /// of one task per config left (pending, or failed and still to be retried), at most
    /// `--workers` (default: the script's array size).
    private func resubmit() throws {
        guard slurm.slurm else { throw ValidationError("--resubmit goes with --slurm: runkit sweep DIR --slurm --resubmit.") }
        guard let directory = dir ?? inputs.first, inputs.count <= 1 else {
            throw ValidationError("Give the sweep's folder: runkit sweep DIR --slurm --resubmit.")
        }
        let left = try summaries(of: directory).reduce(0) { $0 + $1.left(retryingFailed: retryFailed == "all") }
        guard left > 0 else {
            return Terminal.note("nothing left to run in \(directory): every config is done, running, or failed \(maxFailures) times (runkit sweep --status \(directory)).")
        }
        _ = try slurm.options(configs: left)   // checks --workers and --parallel
        let (job, tasks) = try SlurmBatchScript.resubmit(in: directory, configs: left, workers: slurm.workers, parallel: slurm.parallel)
        Terminal.write(job + "\n")
        Terminal.note("resubmitted \(SlurmBatchScript.folder(of: directory))/sweep.sbatch as job array \(job) (\(tasks) tasks for the \(left) config(s) left); follow it with runkit sweep --status \(directory)")
    }

    /// This binary's absolute path, for the batch script (its tasks run it).
    static func executable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let first = CommandLine.arguments[0]
        return first.hasPrefix("/") ? first : (FileManager.default.currentDirectoryPath + "/" + first as NSString).standardizingPath
    }

    /// 130 interrupted; 1 some config failed (or was left pending); 3 none failed but other
    /// runners still run some (`--queue`): not complete yet; 0 every config complete.
    static func exitStatus(_ summary: SweepSummary) -> Int32 {
        if summary.interrupted { return 130 }
        if summary.failed > 0 || summary.pending > 0 { return 1 }
        if summary.running > 0 { return 3 }
        return 0
    }

    /// What follows the first `--` of the command line.
    static func command() -> [String] {
        let arguments = CommandLine.arguments
        guard let separator = arguments.firstIndex(of: "--") else { return [] }
        return Array(arguments[(separator + 1)...])
    }

    static func parseSplit(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ValidationError("--split is I/N (e.g. 0/4), not \(text).")
        }
        return (index, count)
    }

    private func printStatus(_ folder: String) throws {
        let arrays = SlurmBatchScript.submittedArrays(in: folder)
        if slurm.slurm {
            guard !arrays.isEmpty else { throw RunKitError(.storeNotFound, "\(folder) was never submitted to Slurm (no \(SlurmBatchScript.folder(of: folder))/jobs).", path: folder) }
            let tasks = try arrays.flatMap { try Slurm.tasks(ofArray: $0) }
            return Terminal.write(RowsRenderer.render(columns: ["array", "task", "job_id", "state", "reason"],
                                                      rows: tasks.map { [.string($0.array), .int($0.index), .string($0.jobID), .string($0.state), .string($0.reason)] },
                                                      format: output.format, color: Terminal.useColor))
        }
        let summaries = try summaries(of: folder)
        let rows: [[ConfigValue]] = summaries.map { summary in
            [.string(summary.logPath), .int(summary.total), .int(summary.completed), .int(summary.running),
             .int(summary.failed), .int(summary.pending), .int(summary.givenUp)]
        }
        Terminal.write(RowsRenderer.render(columns: ["log", "total", "done", "running", "failed", "pending", "given_up"], rows: rows,
                                           format: output.format, color: Terminal.useColor))
        guard !arrays.isEmpty else { return }
        // The Slurm view: each array's tasks by state (from scontrol/sacct), and what to do next.
        var counts: [[ConfigValue]] = []
        var active = 0
        for array in arrays {
            let tasks: [SlurmTask]
            do { tasks = try Slurm.tasks(ofArray: array) } catch {
                Terminal.note("the Slurm view is left out: \(error)")
                return
            }
            let byCategory = Dictionary(grouping: tasks, by: \.category)
            active += (byCategory[.pending]?.count ?? 0) + (byCategory[.running]?.count ?? 0)
            counts.append([.string(array), .int(tasks.count)] + SlurmTask.Category.allCases.map { .int(byCategory[$0]?.count ?? 0) })
        }
        if output.format == .table {
            Terminal.write("\n" + RowsRenderer.render(columns: ["slurm array", "tasks"] + SlurmTask.Category.allCases.map(\.rawValue),
                                                      rows: counts, format: .table, color: Terminal.useColor))
        }
        let left = summaries.reduce(0) { $0 + $1.left() }
        if active == 0, left > 0 {
            Terminal.note("no task of \(arrays.joined(separator: ", ")) is pending or running, and \(left) config(s) are left: runkit sweep \(folder) --slurm --resubmit")
        }
    }

    /// The status of each log of the sweep in `folder` (`log.tsv`, or every split's).
    private func summaries(of folder: String) throws -> [SweepSummary] {
        let gridFile = folder + "/exp_config.yaml"
        let grid = try Grid.load(gridFile)
        var logs: [SweepOptions] = []
        if FileManager.default.fileExists(atPath: folder + "/log.tsv") { logs.append(SweepOptions(directory: folder)) }
        let splits = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/log_splits")) ?? []
        let indices = splits.compactMap { name -> Int? in
            guard name.hasPrefix("split_"), name.hasSuffix(".tsv") else { return nil }
            return Int(name.dropFirst(6).dropLast(4))
        }.sorted()
        let count = Sweep.splitCount(in: folder, grid: grid) ?? max(indices.count, (indices.last ?? 0) + 1)
        // Splits not started yet have no file: list them too, all pending.
        for index in Set(indices).union(indices.isEmpty ? 0..<0 : 0..<count).sorted() {
            var options = SweepOptions(directory: folder)
            options.split = (index, count)
            logs.append(options)
        }
        guard !logs.isEmpty else { throw RunKitError(.storeNotFound, "\(folder) holds no sweep log (log.tsv or log_splits/split_<i>.tsv).", path: folder) }
        return try logs.map { options in
            var options = options
            options.staleAfter = staleAfter
            options.maxFailures = maxFailures
            return try Sweep(grid: grid, options: options).status()
        }
    }
}
