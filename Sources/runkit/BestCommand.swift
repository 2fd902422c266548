import ArgumentParser
import RunKit

/// `runkit best`: within each group of some keys, the value of other keys whose aggregated metric is best.
struct BestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "best",
        abstract: "Pick, within each group, the config whose aggregated metric is best (e.g. the best lr per model).",
        discussion: """
        Groups runs by --by plus --choose, aggregates --metric in each, and keeps per --by group the --choose \
        values with the smallest (--min) or largest (--max) result; a curve is judged by its last value. \
        --report adds aggregations of the winners.
        e.g. runkit best logs --by config.model.num_units --choose config.optimizer.lr --metric 'mean(metrics.train.loss)' --min --report 'mean(metrics.test.loss)'
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: QueryArguments

    @Option(name: .long, help: ArgumentHelp("Comma-separated keys: one winner per group of these (none: one winner overall).", valueName: "K1,K2"))
    var by: String?

    @OptionGroup var seeds: SeedArguments

    @Option(name: .long, help: ArgumentHelp("Comma-separated keys whose best values are chosen.", valueName: "K1,K2"))
    var choose: String

    @Option(name: .long, help: ArgumentHelp("The aggregation to judge by, e.g. 'mean(metrics.val_loss)'.", valueName: "FUNC(KEY)"))
    var metric: String

    @Flag(name: .customLong("min"), help: "The smallest metric wins.")
    var minimize = false

    @Flag(name: .customLong("max"), help: "The largest metric wins.")
    var maximize = false

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "An aggregation to report for the winners (repeatable).", valueName: "FUNC(KEY)"))
    var report: [String] = []

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        try seeds.validate(by: by)
        guard minimize != maximize else { throw ValidationError("Say which metric wins: --min or --max (one of them).") }
        guard !TableOutputOptions.keys(choose).isEmpty else { throw ValidationError("--choose needs at least one key.") }
    }

    func run() throws {
        let parsed = try selection.parse()
        let judge = try Aggregation<Run>(metric)
        let reported = try report.map { try Aggregation<Run>($0) }
        let (per, choosing) = (TableOutputOptions.keys(by), TableOutputOptions.keys(choose))
        let keys = per + choosing + ([judge] + reported).compactMap(\.key)
        let projection = seeds.projection(RunProjection(query: parsed.query, order: parsed.order, keys: keys))
        let (loaded, table) = try store.load(planning: parsed.query, allowMissing: selection.allowMissing, projection: projection) { loaded in
            let runs = RunCollection(try selection.apply(parsed, to: loaded.runs, kind: loaded.reader.kind))
            let per = try seeds.keys(by: per, in: runs, also: choosing)
            return try QueryArguments.timed("best over \(runs.count) runs") {
                try runs.best(judge, minimize ? .minimize : .maximize, per: per, choosing: choosing, report: reported, alignment: output.align)
            }
        }
        output.print(table, goals: [metric: minimize ? .minimize : .maximize])
        try loaded.finish()
    }
}
