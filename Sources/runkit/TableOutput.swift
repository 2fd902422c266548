import Foundation
import ArgumentParser
import RunKit

extension CurveAlignment: ExpressibleByArgument {}

/// `--format` and `--align` for the commands that print an aggregated table.
struct TableOutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, json, jsonl, csv, tsv, markdown or latex (default: table). markdown and latex are paper tables: mean(X) with std(X), sem(X) or ci95(X) as one 'm ± s' column, numbers rounded, the best of each column with a goal in bold.")
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp(
        "How curves (history.KEY) of different lengths are aggregated: longest (each step over the runs that reached it; the default, with a note), shortest (cut to the shortest), equal (an error).",
        valueName: "longest|shortest|equal"))
    var align: CurveAlignment = .longest

    /// Prints the table, its notes on stderr.
    /// As Markdown or LaTeX, a `PaperTable` whose columns named in `goals` (or the X of their
    /// `mean(X)`) have their best value in bold.
    func print(_ table: Table, goals: [String: OptimizationGoal] = [:]) {
        for note in table.notes { Terminal.note(note) }
        switch format {
        case .markdown: Terminal.write(PaperTable(table, goals: goals).markdown())
        case .latex: Terminal.write(PaperTable(table, goals: goals).latex())
        default: Terminal.write(table.rendered(as: format, maxCellWidth: 60, color: Terminal.useColor))
        }
    }

    /// A comma-separated list of keys (`a,b`), empty entries dropped.
    static func keys(_ text: String?) -> [String] {
        FieldKey.list(text ?? "")
    }
}
