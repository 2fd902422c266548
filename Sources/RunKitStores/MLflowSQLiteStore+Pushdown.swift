import GRDB
import RunKitModel

extension MLflowSQLiteStore {
    /// A narrowed load pays for its SQL and for looking its runs up by id, so it gains little once
    /// the bound keeps more than about this fraction of the selected runs, and loses from ~80%
    /// (measured at 100,000 runs; docs/speed.md).
    package static let pushdownThreshold = 0.6

    /// How many selected runs the estimate of a bound's selectivity looks at.
    static let pushdownSampleSize = 2_000

    /// The SQL condition to narrow this load with (`LoadOptions.bound`), or nil for a full load,
    /// and the fraction of a sample of the selected runs the bound kept, when estimated.
    ///
    /// The sample is the first `pushdownSampleSize` selected rows of `runs`, each tested with
    /// `EXISTS` lookups by run id (a few milliseconds); at or above `options.pushdownThreshold`
    /// nothing is pushed.
    func pushedCondition(_ db: Database, _ options: LoadOptions,
                         experimentIDs: [String]) throws -> (condition: String?, keptInSample: Double?) {
        guard let bound = options.bound, !experimentIDs.isEmpty else { return (nil, nil) }
        let sql = try MLflowBoundSQL(db)
        guard let condition = sql.condition(bound) else { return (nil, nil) }
        guard options.pushdownThreshold.isFinite, let lookup = sql.lookupCondition(bound) else { return (condition, nil) }
        let selected = Self.runFilter(experimentIDs: experimentIDs, runIDs: options.runIDs)
        let sample = """
            SELECT count(*), total(\(lookup)) FROM (SELECT * FROM runs WHERE \(selected) LIMIT \(Self.pushdownSampleSize)) AS runs
            """
        guard let row = try Row.fetchOne(db, sql: sample), let count: Int = row[0], count > 0 else { return (condition, nil) }
        let kept = (row[1] as Double? ?? 0) / Double(count)
        return (kept < options.pushdownThreshold ? condition : nil, kept)
    }
}
