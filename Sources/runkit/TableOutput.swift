import Foundation
import ArgumentParser
import RunKit

extension CurveAlignment: ExpressibleByArgument {}

/// `--format` and `--align` for the commands that print an aggregated table.
struct TableOutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, json, jsonl, csv, tsv or markdown (default: table).")
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp(
        "How curves (history.KEY) of different lengths are aggregated: longest (each step over the runs that reached it; the default, with a note), shortest (cut to the shortest), equal (an error).",
        valueName: "longest|shortest|equal"))
    var align: CurveAlignment = .longest

    /// Prints the table, its notes on stderr.
    func print(_ table: Table) {
        for note in table.notes { Terminal.note(note) }
        Terminal.write(table.rendered(as: format, maxCellWidth: 60, color: Terminal.useColor))
    }

    /// A comma-separated list of keys (`a,b`), empty entries dropped.
    static func keys(_ text: String?) -> [String] {
        FieldKey.list(text ?? "")
    }
}
