import RunKitModel

/// A store that can say cheaply what each of its runs looks like now (`RunStamps`), so that a
/// reader keeping its runs in memory reads again only the runs that changed
/// (`LoadOptions.runIDs` with the changed stamp keys). MLflow's SQLite and file stores conform.
///
/// ```swift
/// if let stamping = reader as? any RunStamping {
///     let stamps = try stamping.runStamps(after: nil)
///     let run = runs[0]
///     stamps.runs[stamping.stampKey(of: run)]     // the run's stamp
/// }
/// ```
package protocol RunStamping: RunStoreReader {
    /// Every run's stamp now (deleted runs too); `previous` (the last stamps taken) lets a store
    /// look only at what was added since (`RunStamps.touched`).
    func runStamps(after previous: RunStamps?) throws -> RunStamps
    /// The key of `run` in `RunStamps.runs`, also what `LoadOptions.runIDs` takes to read it again.
    func stampKey(of run: Run) -> String
    /// True when `lhs` comes before `rhs` in the order `loadRuns` gives, `stamps` being the
    /// store's stamps now (malet's order is that of its log rows: `RunStamps.order`).
    func precedes(_ lhs: Run, _ rhs: Run, in stamps: RunStamps) -> Bool
    /// True when `warning` (of an earlier load) is about one of the runs keyed `keys`, so that
    /// reading those runs again replaces it.
    func concerns(_ warning: LoadWarning, runKeys keys: Set<String>) -> Bool
    /// Stamps (by run key) of files some of `runs` read outside what `runStamps` looks at, to be
    /// taken at every poll, even when the store's own files did not change (MLflow SQLite: the
    /// HydraFlow config of each RUNNING run, in its artifacts); empty for the others.
    func outsideStamps(of runs: [Run]) -> [String: Int]
}

extension RunStamping {
    /// None: every file a run's record reads is in its stamp.
    package func outsideStamps(of runs: [Run]) -> [String: Int] { [:] }

    /// MLflow: the warning's path names the run (its run id is in the run folder's path).
    package func concerns(_ warning: LoadWarning, runKeys keys: Set<String>) -> Bool {
        keys.contains { warning.path.contains($0) }
    }
}
