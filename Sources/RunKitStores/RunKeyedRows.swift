import GRDB

/// Collects `(run_uuid, key, …)` rows — MLflow's params, tags and latest metrics — into one
/// column per key, a slot per run asked for (the by-field layout `RunFieldColumns` the runs read
/// their params, metrics and tags from), dropping the rows of other runs.
///
/// A run's rows usually come one after another (MLflow logs a run's params in one batch), so a
/// row's run id is compared with the previous row's bytes and only looked up when it changes.
///
/// ```swift
/// let keyed = RunKeyedRows(runIDs: ["a1", "b2"])
/// let params = try keyed.collect(db, sql: "SELECT run_uuid, key, value FROM params") { $0.text(2) }
/// params["lr"]?[0]    // "0.01" (slot 0 is "a1")
/// ```
struct RunKeyedRows {
    private let runIDs: [String]
    private let slots: [String: Int]

    init(runIDs: [String]) {
        self.runIDs = runIDs
        slots = Dictionary(runIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs `sql` (columns: run id, key, then whatever `value` reads) and returns the values by
    /// key: `columns[key][slot]` for the run at `slot` of `runIDs`, nil where that run has no such row.
    func collect<Value>(_ db: Database, sql: String, value: (SQLiteRows) -> Value) throws -> [String: [Value?]] {
        var keys = KeyNumbers()
        var columns: [[Value?]] = []
        let rows = try SQLiteRows(db, sql: sql)
        var previousID: [UInt8] = []
        var slot: Int?
        while try rows.next() {
            let id = rows.bytes(0)
            if !id.elementsEqual(previousID) {
                previousID = Array(id)
                slot = slots[String(decoding: id, as: UTF8.self)]
            }
            guard let slot else { continue }
            let number = keys.number(rows)
            if number == columns.count { columns.append([Value?](repeating: nil, count: runIDs.count)) }
            columns[number][slot] = value(rows)
        }
        return Dictionary(zip(keys.names, columns), uniquingKeysWith: { first, _ in first })
    }

    /// The same columns from values already gathered by run id (`byRun[runID][key]`).
    func columns<Value>(_ byRun: [String: [String: Value]]) -> [String: [Value?]] {
        var columns: [String: [Value?]] = [:]
        for (runID, values) in byRun {
            guard let slot = slots[runID] else { continue }
            for (key, value) in values { columns[key, default: [Value?](repeating: nil, count: runIDs.count)][slot] = value }
        }
        return columns
    }
}
