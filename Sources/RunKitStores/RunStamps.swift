/// What each run of a store looks like now, cheaply enough to take whenever the store changed:
/// comparing two tells which runs to read again (`changes(since:)`), so a process that keeps a
/// store's runs in memory (`runkit serve`) re-reads only those.
///
/// ```swift
/// let before = try store.runStamps(after: nil)
/// // … a metric step is logged to one run …
/// let now = try store.runStamps(after: before)
/// now.changes(since: before).reread     // that run's id (its stamp key)
/// ```
package struct RunStamps: Sendable, Equatable {
    /// Each run's stamp key (`RunStamping.stampKey(of:)`) → a hash of what the store holds for it.
    package var runs: [String: Int]
    /// A hash of what every run depends on (the experiments: names, lifecycle stages): when it
    /// moves, every run is read again.
    package var store: Int
    /// Runs known to have changed since the stamps these were taken after, beyond what their
    /// hashes show (MLflow SQLite: runs with rows added to `metrics` or `params` since).
    package var touched: Set<String> = []
    /// MLflow SQLite: the largest rowid of each append-only table when taken (what `touched` is
    /// counted from next time).
    package var marks: [String: Int64] = [:]
    /// Something changed that no run's stamp shows (MLflow SQLite: a tag updated or removed in
    /// place): every run must be read again.
    package var rereadAll = false
    /// Each run's position in the store's natural order, for a store whose runs carry none
    /// (malet: the order of its log rows); empty for the others.
    package var order: [String: Int] = [:]
    /// The runs whose stamp may differ from the stamps these were taken after, when the store
    /// knows (MLflow SQLite with no run updated in place: the runs added); nil: any run may, and
    /// `changes(since:)` compares every stamp.
    package var checked: Set<String>? = nil

    package init(runs: [String: Int], store: Int, touched: Set<String> = [], marks: [String: Int64] = [:], rereadAll: Bool = false) {
        self.runs = runs
        self.store = store
        self.touched = touched
        self.marks = marks
        self.rereadAll = rereadAll
    }

    /// What to do to bring runs read at `old` up to these stamps.
    package struct Changes: Sendable, Equatable {
        /// Stamp keys of the runs to read again: new ones, and those whose stamp moved or that were touched.
        package var reread: Set<String> = []
        /// Stamp keys of the runs that left the store.
        package var removed: Set<String> = []
        /// Everything must be read again (`store` moved).
        package var everything = false

        package var isEmpty: Bool { reread.isEmpty && removed.isEmpty && !everything }

        /// Nothing to do yet.
        package init() {}
    }

    /// The runs that changed between `old` and these stamps.
    package func changes(since old: RunStamps) -> Changes {
        var changes = Changes()
        if store != old.store || rereadAll { changes.everything = true }
        if let checked {
            // Every other run kept its stamp, and none was removed.
            for key in checked.union(touched) where runs[key] != nil && (old.runs[key] != runs[key] || touched.contains(key)) { changes.reread.insert(key) }
            return changes
        }
        for (key, stamp) in runs where old.runs[key] != stamp || touched.contains(key) { changes.reread.insert(key) }
        for key in old.runs.keys where runs[key] == nil { changes.removed.insert(key) }
        return changes
    }
}
