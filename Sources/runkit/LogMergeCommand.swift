import ArgumentParser
import RunKit

/// `runkit log merge OUT.tsv IN…`: one log with one row per config of the inputs.
struct LogMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge malet logs (files, or folders with log.tsv and/or log_splits/) into one, one row per config.",
        discussion: """
        runkit log merge all.tsv exp_a/log.tsv exp_b          exp_b: its log.tsv and log_splits/*.tsv
        Rows match by config values; of repeats the best is kept (C over R over F, then the latest
        datetime). Static configs must agree. The output is written atomically; inputs are only read.
        """)

    @Argument(help: "The merged log to write.", completion: .file(extensions: ["tsv"]))
    var output: String

    @Argument(help: "The logs to merge: .tsv files, or sweep folders.", completion: .file())
    var inputs: [String] = []

    @Flag(name: .long, help: "Wait while a sweep runner uses a log, instead of refusing.")
    var wait = false

    @Flag(name: .long, help: "Replace the output file when it exists (never an input).")
    var force = false

    func run() throws {
        var options = LogToolOptions()
        options.wait = wait
        options.overwrite = force
        let report = try LogMerge.merge(inputs, into: output, options: options)
        Terminal.note("merged \(report.rowsRead) rows of \(report.inputs.count) logs into \(report.rowsWritten) configs (\(report.rowsRead - report.rowsWritten) repeats dropped): \(output)")
    }
}
