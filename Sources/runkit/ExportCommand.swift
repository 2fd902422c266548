import ArgumentParser
import Foundation
import RunKit

extension ExportFormat: ExpressibleByArgument {}

/// `runkit export`: the selected runs as a flat table (or their metric histories in long format) in a file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export runs as a flat table (or metric histories in long format) for pandas, polars or R.",
        discussion: """
        Columns: run_id, run_name, experiment_id, experiment_name, status, lifecycle_stage, start_time, end_time, \
        user_id, run_dir, artifacts_dir, then config.*, params.*, metrics.*, tags.* (or --columns). \
        --history writes run_id, key, step, timestamp, value, one row per logged point. \
        e.g. runkit export mlflow.db --format csv --output runs.csv ; pandas.read_csv("runs.csv")
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: QueryArguments

    @Option(name: .long, help: "csv, tsv, json, jsonl, markdown, sqlite or parquet (default: csv).")
    var format: ExportFormat = .csv

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (replaced atomically if it exists; never a file or folder of the store read); default: standard output (not for sqlite).", valueName: "FILE"),
            completion: .file())
    var output: String?

    @Flag(name: .long, help: "Export the metric histories in long format instead of one row per run.")
    var history = false

    @Option(name: .long, help: ArgumentHelp("Comma-separated keys to export (with --history: the metric names).", valueName: "K1,K2"))
    var columns: String?

    @Option(name: .long, help: ArgumentHelp("The table's name in a sqlite export (default: runs, or metric_history with --history).", valueName: "NAME"))
    var table: String?

    func validate() throws {
        if format == .sqlite || format == .parquet, output == nil { throw ValidationError("--format \(format.rawValue) needs --output FILE.") }
    }

    func run() throws {
        let parsed = try selection.parse()
        let loaded = try store.load(writing: output.map { [$0] } ?? [])
        let runs = RunCollection(try selection.apply(parsed, to: loaded.runs, kind: loaded.reader.kind))
        let keys = TableOutputOptions.keys(columns)
        let exported: Table
        if history {
            exported = try runs.historyTable(keys)
        } else if keys.isEmpty {
            exported = try runs.recordTable()
        } else {
            try RunListView.checkColumns(keys, in: runs.elements)
            exported = try runs.table(keys)
        }
        if let output {
            try exported.export(to: output, format: format, tableName: table ?? (history ? "metric_history" : "runs"))
        } else {
            Terminal.write(exported.exported(as: format) ?? "")
        }
        try loaded.finish()
    }
}
