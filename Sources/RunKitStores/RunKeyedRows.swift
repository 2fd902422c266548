import GRDB

/// Collects `(run_uuid, key, …)` rows — MLflow's params, tags and latest metrics — into one
/// dictionary per run and one column per key, keeping only the runs asked for.
///
/// A run's rows usually come one after another (MLflow logs a run's params in one batch), so a
/// row's run id is compared with the previous row's bytes and only looked up when it changes.
///
/// ```swift
/// var keyed = RunKeyedRows(runIDs: ["a1", "b2"])
/// let params = try keyed.collect(db, sql: "SELECT run_uuid, key, value FROM params") { $0.text(2) }
/// params.byRun["a1"]?["lr"]   // "0.01"
/// params.columns["lr"]?[0]    // "0.01" (slot 0 is "a1")
/// ```
struct RunKeyedRows {
    private let runIDs: [String]
    private let slots: [String: Int]

    init(runIDs: [String]) {
        self.runIDs = runIDs
        slots = Dictionary(runIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs `sql` (columns: run id, key, then whatever `value` reads) and returns each run's
    /// `key: value` dictionary (runs without rows are absent), and the same values by key:
    /// `columns[key][slot]` for the run at `slot` of `runIDs`, nil where that run has no such row
    /// (the by-field layout queries read, `RunFieldColumns`).
    func collect<Value>(_ db: Database, sql: String, value: (SQLiteRows) -> Value) throws
        -> (byRun: [String: [String: Value]], columns: [String: [Value?]]) {
        var perRun = [[String: Value]](repeating: [:], count: runIDs.count)
        var keys = KeyNumbers()
        var columns: [[Value?]] = []
        let rows = try SQLiteRows(db, sql: sql)
        var previousID: [UInt8] = []
        var slot: Int?
        var typicalCount = 0   // keys of the last run filled: a new run's dictionary starts that large
        while try rows.next() {
            let id = rows.bytes(0)
            if !id.elementsEqual(previousID) {
                previousID = Array(id)
                slot = slots[String(decoding: id, as: UTF8.self)]
                if let slot, perRun[slot].isEmpty { perRun[slot].reserveCapacity(typicalCount) }
            }
            guard let slot else { continue }
            let (number, read) = (keys.number(rows), value(rows))
            if number == columns.count { columns.append([Value?](repeating: nil, count: runIDs.count)) }
            perRun[slot][keys.names[number]] = read
            columns[number][slot] = read
            typicalCount = max(typicalCount, perRun[slot].count)
        }
        var result: [String: [String: Value]] = [:]
        result.reserveCapacity(runIDs.count)
        for (index, values) in perRun.enumerated() where !values.isEmpty { result[runIDs[index]] = values }
        return (result, Dictionary(zip(keys.names, columns), uniquingKeysWith: { first, _ in first }))
    }
}
