import ArgumentParser
import RunKit

/// `runkit group`: the selected runs grouped by some keys, one row of aggregations per group.
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Group runs by keys and aggregate each group (mean over seeds, std, count, curves…).",
        discussion: """
        Aggregations: count() (or n()), count(KEY), mean, std (sample), sem, ci95 (t-based 95 % half-width), min, max, \
        median, quantile(KEY, Q), sum, first, last, nunique, list(KEY); a history.KEY is aggregated step by step, \
        a reduction like max(history.KEY) is one value per run. Columns are named as written. \
        Groups come in order of first appearance, after --where and --order-by.
        e.g. runkit group mlflow.db --by model.type,optimizer.lr --agg 'mean(metrics.accuracy)' --agg 'std(metrics.accuracy)' --agg 'count()'
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: QueryArguments

    @Option(name: .long, help: ArgumentHelp("Comma-separated keys to group by (none: one group of all runs).", valueName: "K1,K2"))
    var by: String?

    @OptionGroup var seeds: SeedArguments

    @Flag(name: .customLong("check-seeds"), help: "Instead of aggregating, list the groups of --by-all-except that lack some seed seen in other groups, or whose runs of a seed all failed, with the Hydra overrides that rerun them.")
    var checkSeeds = false

    @Option(name: .long, help: ArgumentHelp("With --check-seeds: the sweep's grid, whose seeds each group should have, and whose groups without runs are listed too (default: the seeds seen in any group): a malet grid YAML, or a folder `runkit sweep` wrote (its exp_config.yaml; the note then gives the sweep's own rerun command).", valueName: "FILE|DIR"),
            completion: .file())
    var grid: String?

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "An aggregation, e.g. 'mean(metrics.loss)', 'ci95(metrics.loss)', 'n()' (repeatable; default: count()).", valueName: "FUNC(KEY)"))
    var agg: [String] = []

    @Option(name: .customLong("max"), help: ArgumentHelp("Columns (or the X of mean(X)) where larger is better: their best value is bold in --format markdown|latex.", valueName: "K1,K2"))
    var larger: String?

    @Option(name: .customLong("min"), help: ArgumentHelp("Columns (or the X of mean(X)) where smaller is better (bold in markdown|latex).", valueName: "K1,K2"))
    var smaller: String?

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        try seeds.validate(by: by)
        if grid != nil, !checkSeeds { throw ValidationError("--grid goes with --check-seeds.") }
        if checkSeeds, seeds.byAllExcept == nil { throw ValidationError("--check-seeds needs --by-all-except SEED_KEYS (the keys whose values each config should have).") }
    }

    func run() throws {
        let parsed = try selection.parse()
        let aggregations = try (agg.isEmpty ? ["count()"] : agg).map { try Aggregation<Run>($0) }
        let named = TableOutputOptions.keys(by)
        let projection = seeds.projection(RunProjection(query: parsed.query, order: parsed.order, keys: named + aggregations.compactMap(\.key)))
        let (loaded, table) = try store.load(planning: parsed.query, allowMissing: selection.allowMissing, projection: projection) { loaded in
            let runs = RunCollection(try selection.apply(parsed, to: loaded.runs, kind: loaded.reader.kind))
            let keys = try seeds.keys(by: named, in: runs)
            if checkSeeds {
                guard let grid else { return try runs.seedCheck(by: keys, seeds: seeds.excluded) }
                let sweep = try SweepGridSource(grid)
                let loaded = try Grid.load(sweep.gridFile)
                return try runs.seedCheck(by: keys, seeds: seeds.excluded, expected: loaded.seedCombinations(seeds.excluded),
                                          groups: loaded.seedCombinations(seeds.excluded, by: keys), rerun: sweep.rerunCommand)
            }
            return try QueryArguments.timed("group \(runs.count) runs") {
                try runs.aggregated(by: keys, aggregations, alignment: output.align)
            }
        }
        var goals: [String: OptimizationGoal] = [:]
        for key in TableOutputOptions.keys(larger) { goals[key] = .maximize }
        for key in TableOutputOptions.keys(smaller) { goals[key] = .minimize }
        output.print(table, goals: goals)
        try loaded.finish()
    }
}
