import ArgumentParser
import RunKit

extension OutputFormat: ExpressibleByArgument {}

/// `--format` and `--columns`, shared by the commands that print rows.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, json, jsonl, csv, tsv or markdown (default: table).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Comma-separated keys to print, e.g. run_id,config.model.type,metrics.loss.")
    var columns: String?

    var columnList: [String]? {
        columns.map(FieldKey.list)
    }

    /// Prints rows in the chosen format.
    func print(columns: [String], rows: [[ConfigValue]]) {
        Terminal.write(RowsRenderer.render(columns: columns, rows: rows, format: format, color: Terminal.useColor))
    }
}

/// `--format` alone, for the commands whose columns are fixed.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "table, json, jsonl, csv, tsv or markdown (default: table).")
    var format: OutputFormat = .table
}
