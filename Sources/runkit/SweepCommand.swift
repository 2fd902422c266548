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

    @Option(name: .long, help: "Seconds after which another runner's claim without heartbeat is stale (default 60).")
    var staleAfter: Double = 60

    @Option(name: .long, help: "A Hydra config directory for glob(…) sweeps.", completion: .directory)
    var configDir: String?

    @Option(name: .long, help: ArgumentHelp("Summarise the sweep in DIR (done, running, failed, pending) and exit; writes nothing there.", valueName: "DIR"),
            completion: .directory)
    var status: String?

    @OptionGroup var output: FormatOption

    func run() async throws {
        if let status { return try printStatus(status) }
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
        guard !command.isEmpty else { throw ValidationError("Give the command to run after --: runkit sweep GRID -- python train.py.") }

        let reporter = SweepReporter(live: isatty(STDERR_FILENO) == 1)
        let sweep = Sweep(grid: grid, options: options)
        let (summary, _) = try await StopSignals([SIGINT, SIGTERM]).run {
            try await sweep.run(command: command, progress: reporter.report)
        }
        reporter.finish(summary, directory: directory)
        throw ExitCode(Self.exitStatus(summary))
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
        let gridFile = folder + "/exp_config.yaml"
        let grid = try Grid.load(gridFile)
        var rows: [[ConfigValue]] = []
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
        for options in logs {
            var options = options
            options.staleAfter = staleAfter
            let summary = try Sweep(grid: grid, options: options).status()
            rows.append([.string(summary.logPath), .int(summary.total), .int(summary.completed), .int(summary.running),
                         .int(summary.failed), .int(summary.pending)])
        }
        Terminal.write(RowsRenderer.render(columns: ["log", "total", "done", "running", "failed", "pending"], rows: rows,
                                           format: output.format, color: Terminal.useColor))
    }
}
