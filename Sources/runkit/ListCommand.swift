import ArgumentParser
import RunKit

/// `runkit list`: the selected runs, one row each.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List runs.", aliases: ["ls"])

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var selection: QueryArguments

    @Option(name: .long, help: "Keep only the first N runs, after --where and the ordering.")
    var limit: Int?

    @Flag(name: .long, help: "Print how --where is answered (the condition an MLflow SQLite or file store is asked for its candidates, what RunKit evaluates on them, and what an MLflow SQLite store reads of each run) and exit.")
    var explain = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit).") }
    }

    /// `3 more columns hidden to fit the terminal: config.seed, metrics.loss, metrics.acc; …`
    /// (at most 12 keys named, then how many more).
    static func hiddenNote(_ hidden: [String]) -> String {
        let named = hidden.prefix(12).joined(separator: ", ") + (hidden.count > 12 ? " and \(hidden.count - 12) more" : "")
        let count = hidden.count == 1 ? "1 more column" : "\(hidden.count) more columns"
        return "\(count) hidden to fit the terminal: \(named); choose with --columns or use --format csv."
    }

    /// What `--explain` prints: the bound pushed to an MLflow store (SQLite: when its sample says
    /// it pays; the file store: always; neither with `--index` or `RUNKIT_PUSHDOWN=0`), the residual,
    /// and what an MLflow store (SQLite or `mlruns/`) reads of each run (`projection`: from `--columns`).
    static func explanation(of query: Query?, projection: RunProjection = .everything) -> String {
        let read = "read (MLflow SQLite and mlruns): " + (projection.isEverything ? "every run's params, metrics, tags, config and record (a whole-run view; --columns narrows it)" : "\(projection)") + "\n"
        guard let query else { return "no --where: every selected run is loaded\n" + read }
        guard let bound = QueryPlan(query).bound else {
            return "pushed: nothing (no comparison a store can test); every selected run is loaded\nresidual: \(query)\n" + read
        }
        let percent = Int((MLflowSQLiteStore.pushdownThreshold * 100).rounded())
        return "pushed (MLflow SQLite and file stores, without --index): \(bound)\n"
            + "  (SQLite: only when it keeps under \(percent)% of a sample of the selected runs, checked when reading, else every selected run is loaded; file stores: always)\n"
            + "residual: \(query)\n" + read
    }

    func run() throws {
        let parsed = try selection.parse()
        // With --columns only those keys and the query's are read; a whole-run view needs everything.
        var projection = output.columnList.map { RunProjection(query: parsed.query, order: parsed.order, keys: $0) } ?? .everything
        // A whole-run view still reads the histories the query and order reduce with the runs.
        if output.columnList == nil { projection.histories = RunProjection(query: parsed.query, order: parsed.order).histories }
        if explain {
            Terminal.write(Self.explanation(of: parsed.query, projection: projection))
            return
        }
        var (loaded, runs) = try store.load(planning: parsed.query, allowMissing: selection.allowMissing,
                                            columns: output.columnList ?? [], projection: projection) { loaded in
            let runs = try selection.apply(parsed, to: loaded.runs, kind: loaded.reader.kind)
            if let columns = output.columnList { try RunListView.checkColumns(columns, in: loaded.runs) }
            return runs
        }
        if let limit { runs = Array(runs.prefix(limit)) }
        if let columns = output.columnList {
            output.print(columns: columns, rows: runs.map { run in columns.map { run.value(for: $0) ?? .null } })
        } else {
            switch output.format {
            case .json:
                Terminal.write(runs.isEmpty ? "[" : "[\n  ")
                let records = Array(runs.enumerated())
                BatchedText.render(records, emit: Terminal.write) { entry, bytes in
                    if entry.offset > 0 { bytes.append(contentsOf: ",\n  ".utf8) }
                    JSONWriter.write(entry.element.record(), into: &bytes, indent: 2, level: 1)
                }
                Terminal.write(runs.isEmpty ? "]\n" : "\n]\n")
            case .jsonl:
                BatchedText.render(runs, emit: Terminal.write) { run, bytes in
                    run.writeRecord(into: &bytes)
                    bytes.append(UInt8(ascii: "\n"))
                }
            case .table:
                // Off a terminal (a pipe, a file) nothing is hidden: every column is printed.
                let view = RunListView.compact(runs, width: Terminal.isTTY ? Terminal.width : .max)
                output.print(columns: view.columns, rows: view.rows)
                if !view.hidden.isEmpty { Terminal.note(Self.hiddenNote(view.hidden)) }
            case .csv, .tsv, .markdown, .latex:
                let view = RunListView.full(runs)
                output.print(columns: view.columns, rows: view.rows)
            }
        }
        try loaded.finish()
    }
}
