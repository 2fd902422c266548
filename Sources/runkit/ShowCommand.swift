import ArgumentParser
import RunKit

/// `runkit show RUN_ID`: one run's full record with its metric history.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one run (deleted runs included) with its metric history.")

    @Argument(help: "The run id, or a unique prefix of it.")
    var runID: String

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "json (default), jsonl, table, csv, tsv or markdown.")
    var format: OutputFormat = .json

    func run() throws {
        // Only the warnings about the run shown; all of them when it is not found (they may say why).
        let loaded = try store.load(view: .all, reportingWarnings: false)
        let found: Run
        do {
            found = try RunLookup.find(runID, in: loaded.runs, store: loaded.reader.path)
        } catch {
            for warning in loaded.warnings { Terminal.report(warning) }
            throw error
        }
        for warning in loaded.warnings(about: found) { Terminal.report(warning) }
        let run = try loaded.reader.snapshot(of: found)
        switch format {
        case .json:
            Terminal.write(JSONWriter.string(try run.recordWithHistory(), indent: 2) + "\n")
        case .jsonl:
            Terminal.write(JSONWriter.string(try run.recordWithHistory()) + "\n")
        default:
            let fields = run.fields()
            Terminal.write(RowsRenderer.render(columns: ["field", "value"],
                                               rows: fields.map { [.string($0.key), $0.value] },
                                               format: format, maxCellWidth: 80, color: Terminal.useColor))
        }
        try loaded.finish(for: run)
    }
}
