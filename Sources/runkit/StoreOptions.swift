import ArgumentParser
import Foundation
import RunKit

/// The store and run selection every command shares.
struct StoreOptions: ParsableArguments {
    @Argument(help: "A store: MLflow's (a .db file, sqlite:///RELATIVE.db or sqlite:////ABSOLUTE.db, a file: URI, an mlruns folder, or a folder holding mlflow.db or mlruns/; HydraFlow configs read from the runs' artifacts), an MLXP log folder (or the folder holding it as logs/), a malet experiment folder (exp_config.yaml with log.tsv or log_splits/), a folder of them, or a malet .tsv log. Default: MLFLOW_TRACKING_URI, else ./mlruns when it holds experiments, else ./mlflow.db (as MLflow's client).",
              completion: .file())
    var store: String?

    @Option(name: .long, help: "Only experiments with this name or glob (repeatable).")
    var experiment: [String] = []

    @Flag(name: .long, help: "Only deleted runs.")
    var deleted = false

    @Flag(name: .long, help: "Active and deleted runs.")
    var all = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Read the store through an index kept outside it (RUNKIT_CACHE_DIR, else ~/.cache/runkit): later loads read only new or changed runs. Default: RUNKIT_INDEX=1|on, else off.")
    var index: Bool?

    @Flag(name: .customLong("no-cache"), help: "An MLflow tracking server (http://…): fetch every run again instead of only those changed since the runs kept in RunKit's cache (RUNKIT_CACHE_DIR, else ~/.cache/runkit), and keep nothing. Default: RUNKIT_NO_CACHE=1 does the same.")
    var noCache = false

    /// `--index`/`--no-index`, else `RUNKIT_INDEX`.
    var usesIndex: Bool {
        if let index { return index }
        let setting = ProcessInfo.processInfo.environment["RUNKIT_INDEX"]?.lowercased() ?? ""
        return ["1", "on", "true", "yes"].contains(setting)
    }

    var view: RunView { all ? .all : (deleted ? .deletedOnly : .activeOnly) }

    var selection: ExperimentSelection { experiment.isEmpty ? .all : .names(experiment) }

    /// Opens the store and loads the selected runs; warnings go to stderr (unless `reportingWarnings`
    /// is false: the command reports them itself, as `show` reports only its run's). `outputs` are
    /// the files the command will write: one that is a file of the store, or inside one of its
    /// folders, is an error before anything is written (see `StoreFootprint`), and so is an index there.
    func load(view overriddenView: RunView? = nil, reportingWarnings: Bool = true,
              writing outputs: [String] = [], bound: QueryBound? = nil,
              pushdownThreshold: Double = MLflowSQLiteStore.pushdownThreshold,
              projection: RunProjection = .everything) throws -> LoadedRuns {
        let opened = try RunStore.open(store)
        let reader: any RunStoreReader = usesIndex ? opened.indexed() : opened
        var footprint = StoreFootprint(opened)
        let index = (reader as? IndexedStore).flatMap { $0.isIndexed ? $0 : nil }
        func check() throws {
            for output in outputs { try footprint.check(output) }
            try index?.checkPlacement(footprint)
        }
        try check()
        // An --experiment that selects nothing is a typo far more often than a wish for no runs.
        if !experiment.isEmpty { try selection.check(among: reader.experiments().map(\.name)) }
        var options = LoadOptions(experiments: selection, view: overriddenView ?? view)
        options.bound = bound
        options.pushdownThreshold = pushdownThreshold
        options.projection = projection
        options.usesCache = !noCache
        let result: LoadResult
        if let indexed = reader as? IndexedStore, indexed.isIndexed {
            let refresh = try indexed.refresh()
            if ProcessInfo.processInfo.environment["RUNKIT_QUERY_TIMINGS"] != nil {
                Terminal.note("index: \(refresh.indexPath ?? "not usable"): \(refresh.reused) runs from the index, \(refresh.read) read from the store, \(refresh.removed) dropped")
            }
            result = refresh.selected(options)
        } else {
            result = try reader.loadRuns(options)
        }
        if reportingWarnings { for warning in result.warnings { Terminal.report(warning) } }
        if !outputs.isEmpty || index != nil {
            footprint.add(result.runs)
            try check()
        }
        KeptRuns.current?.keep(result.runs)
        return LoadedRuns(reader: reader, runs: result.runs, warnings: result.warnings, pushed: result.pushed,
                          keptInSample: result.keptInSample, projected: result.projected)
    }

    /// `load()` for a command that answers from the runs matching `query` and reads only the keys
    /// `projection` names (`RunProjection`; `.everything` for a command that shows whole runs):
    /// `answer` gets the loaded runs and returns what the command prints.
    ///
    /// Where the store can, it loads only the query's candidates (`QueryPlan`: MLflow SQLite pushes
    /// a superset of the matches into its SQL) and only `projection` of each run, and `answer`
    /// filters them with `query` as always. When the candidates cannot answer the key checks of
    /// the query (`allowMissing`) and of `columns` as every run would, every run is loaded whole;
    /// so is it when `answer` throws after a narrowed or projected load (a key no run has: the
    /// error and its suggestions come from whole runs), and `answer` runs again on them. The store
    /// pushes only a bound that keeps under `MLflowSQLiteStore.pushdownThreshold` of a sample of
    /// the runs, else it loads them all (and so does this). Not with `--index`; `RUNKIT_PUSHDOWN=0`
    /// turns pushdown and projection off, `RUNKIT_PUSHDOWN=always` pushes without sampling.
    /// `RUNKIT_QUERY_TIMINGS` prints the plan. Warnings are reported once the answer is known.
    func load<Answer>(planning query: Query?, allowMissing: Bool, columns: [String] = [],
                      projection: RunProjection = .everything,
                      answering answer: (LoadedRuns) throws -> Answer) throws -> (loaded: LoadedRuns, answer: Answer) {
        let environment = ProcessInfo.processInfo.environment
        let showsPlan = environment["RUNKIT_QUERY_TIMINGS"] != nil
        // Whole runs, with the histories the question names read with them (not with RUNKIT_PUSHDOWN=0).
        var wholeRuns = RunProjection.everything
        wholeRuns.histories = projection.histories
        func whole(_ projection: RunProjection = wholeRuns) throws -> (loaded: LoadedRuns, answer: Answer) {
            let loaded = try load(projection: projection)
            return (loaded, try answer(loaded))
        }
        guard environment["RUNKIT_PUSHDOWN"] != "0", !usesIndex else { return try whole(.everything) }
        let plan = query.map(QueryPlan.init)
        let bound = plan?.bound
        guard bound != nil || !projection.isEverything else {
            if showsPlan, query != nil { Terminal.note("timing: plan: nothing pushed (no bounded comparison); residual: whole query") }
            return try whole()
        }
        let threshold = environment["RUNKIT_PUSHDOWN"] == "always" ? .infinity : MLflowSQLiteStore.pushdownThreshold
        let candidates = try load(reportingWarnings: false, bound: bound, pushdownThreshold: threshold, projection: projection)
        let sampled = candidates.keptInSample.map { "~\(Int(($0 * 100).rounded()))% of a sample kept" }
        // Nothing pushed: the candidates are every selected run, as `load()` gives them.
        if candidates.pushed != nil, let plan, !plan.candidatesSuffice(candidates.runs, allowMissing: allowMissing, columns: columns) {
            if showsPlan { Terminal.note("timing: plan: \(candidates.runs.count) candidates lack a key the query or --columns names; loading every run") }
            return try whole()
        }
        let answered: Answer
        do {
            answered = try answer(candidates)
        } catch where candidates.pushed != nil || candidates.projected {
            if showsPlan { Terminal.note("timing: plan: the planned load gave an error; loading every run whole to answer as without a plan") }
            return try whole()
        }
        if showsPlan {
            let projected = candidates.projected ? "; projection: \(projection)" : ""
            if let pushed = candidates.pushed {
                Terminal.note("timing: plan: pushed (\(pushed)) → \(candidates.runs.count) candidates; residual: whole query\(sampled.map { " (" + $0 + ")" } ?? "")\(projected)")
            } else if bound != nil {
                Terminal.note("timing: plan: not pushed: \(sampled ?? "the store cannot"); residual: whole query\(projected)")
            } else {
                Terminal.note("timing: plan: nothing pushed (\(query == nil ? "no --where" : "no bounded comparison"))\(query == nil ? "" : "; residual: whole query")\(projected)")
            }
        }
        for warning in candidates.warnings { Terminal.report(warning) }
        return (candidates, answered)
    }
}


/// Runs loaded by a command, with the warnings that decide the exit status.
struct LoadedRuns {
    var reader: any RunStoreReader
    var runs: [Run]
    var warnings: [LoadWarning]
    /// The condition the store narrowed the load with (`LoadResult.pushed`).
    var pushed: String? = nil
    /// The fraction of a sample the bound kept, when the store estimated it (`LoadResult.keptInSample`).
    var keptInSample: Double? = nil
    /// Whether the store read only the projection asked of each run (`LoadResult.projected`).
    var projected = false

    /// Exit status 2 after a load that skipped damaged data: the output is there, but incomplete.
    /// Notes (what the writing tool leaves out by design) keep exit status 0.
    func finish() throws {
        if warnings.contains(where: \.isDamage) { throw ExitCode(2) }
    }

    /// The warnings about `run`: those naming a file in its folders or a folder holding them (its
    /// experiment, the store). A command that answers about one run (`show`) reports only these.
    func warnings(about run: Run) -> [LoadWarning] {
        let folders = [run.info.runDirectory, run.info.artifactsDirectory].compactMap { $0 }
        return warnings.filter { warning in
            folders.contains { folder in
                warning.path == folder || warning.path.hasPrefix(folder + "/") || folder.hasPrefix(warning.path + "/")
            }
        }
    }

    /// `finish()` for a command that answers about one run: exit status 2 only when damaged data
    /// of that run was skipped (`warnings(about:)`).
    func finish(for run: Run) throws {
        if warnings(about: run).contains(where: \.isDamage) { throw ExitCode(2) }
    }
}
