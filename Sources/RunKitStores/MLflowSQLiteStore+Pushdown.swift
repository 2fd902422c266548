import GRDB
import RunKitModel

extension MLflowSQLiteStore {
    /// A narrowed load pays for its SQL and for looking its runs up by id, so it gains little once
    /// the bound keeps more than about this fraction of the selected runs, and loses from ~80%
    /// (measured at 100,000 runs; docs/speed.md).
    package static let pushdownThreshold = 0.6

    /// How many selected runs the estimate of a bound's selectivity looks at in a database of
    /// `runs` runs: one in forty, at least 200 and at most 2,000 — enough to tell 60 % from 80 %
    /// kept (a standard error of ~3.5 % at 200), and at 10,000 runs ~2 ms instead of the ~13 ms of
    /// 2,000 lookups, a fifth of a narrowed load there.
    ///
    /// ```swift
    /// MLflowSQLiteStore.pushdownSampleSize(forRuns: 10_000)    // 250
    /// MLflowSQLiteStore.pushdownSampleSize(forRuns: 100_000)   // 2_000
    /// ```
    static func pushdownSampleSize(forRuns runs: Int) -> Int {
        min(2_000, max(200, runs / 40))
    }

    /// The SQL condition to narrow this load with (`LoadOptions.bound`), or nil for a full load,
    /// and the fraction of a sample of the selected runs the bound kept, when estimated.
    ///
    /// The sample is the first `pushdownSampleSize(forRuns:)` selected rows of `runs`, each tested with
    /// `EXISTS` lookups by run id (a few milliseconds); at or above `options.pushdownThreshold`
    /// nothing is pushed.
    /// `storeRuns` is the database's count of runs (`SELECT count(*) FROM runs`), for the sample size.
    func pushedCondition(_ db: Database, _ options: LoadOptions, experimentIDs: [String],
                         storeRuns: Int) throws -> (condition: String?, keptInSample: Double?) {
        guard let bound = options.bound, !experimentIDs.isEmpty else { return (nil, nil) }
        let sql = try MLflowBoundSQL(db)
        guard let condition = sql.condition(bound) else { return (nil, nil) }
        guard options.pushdownThreshold.isFinite, let lookup = sql.lookupCondition(bound) else { return (condition, nil) }
        let selected = Self.runFilter(experimentIDs: experimentIDs, runIDs: options.runIDs)
        let size = Self.pushdownSampleSize(forRuns: storeRuns)
        let sample = """
            SELECT count(*), total(\(lookup)) FROM (SELECT * FROM runs WHERE \(selected) LIMIT \(size)) AS runs
            """
        guard let row = try Row.fetchOne(db, sql: sample), let count: Int = row[0], count > 0 else { return (condition, nil) }
        let kept = (row[1] as Double? ?? 0) / Double(count)
        return (kept < options.pushdownThreshold ? condition : nil, kept)
    }
}
