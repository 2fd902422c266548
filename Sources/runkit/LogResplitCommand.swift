import ArgumentParser
import RunKit

/// `runkit log resplit FOLDER --splits N`: every row of the folder into N round-robin splits.
struct LogResplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resplit",
        abstract: "Redistribute a sweep folder's rows (log.tsv, log_splits/) into log_splits/split_0..N-1.tsv.",
        discussion: """
        runkit log resplit exps/mlp --splits 4
        Config k of the grid in exp_config.yaml goes to split k % N (malet's total_splits); without
        it, row order. All splits are written and fsynced before any is replaced; old files are
        removed last, so a killed resplit loses nothing and running it again completes it.
        """)

    @Argument(help: "The sweep folder.", completion: .directory)
    var folder: String

    @Option(name: .long, help: "The number of splits N.")
    var splits: Int

    @Flag(name: .long, help: "Wait while a sweep runner uses the logs, instead of refusing.")
    var wait = false

    func run() throws {
        var options = LogToolOptions()
        options.wait = wait
        let report = try LogResplit.resplit(folder, splits: splits, options: options)
        Terminal.note("resplit \(report.rowsWritten) configs (\(report.rowsRead) rows read from \(report.inputs.count) logs) into \(report.written.count) splits in \(folder)/log_splits" + (report.removed.isEmpty ? "" : "; removed \(report.removed.joined(separator: ", "))"))
    }
}
