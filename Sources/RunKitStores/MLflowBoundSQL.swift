import GRDB
import RunKitModel

/// A `QueryBound` as a SQL condition on MLflow's `runs` table (named `runs` in the query): each
/// stored test becomes a subquery on `params`, `tags` or `latest_metrics` (by the `(key, run_uuid)`
/// primary key) or, for a reduction of a history, on `metrics` (by its `(key, …)` primary key
/// when driving, else by its run index), or a test of a `runs` column, widened wherever SQLite reads a value differently from RunKit so that
/// the condition holds for every run the bound holds for:
///
/// - text is compared by bytes in every spelling RunKit counts as equal; a stored value that is
///   no text (NULL, which RunKit reads as "", a number, a blob) always passes;
/// - numbers are compared with `CAST(value AS REAL)` within a relative margin of 1e-9 (SQLite's
///   and Swift's decimal parsing may differ in the last digits); text holding `n`/`N` (`nan`,
///   `inf`, `Infinity`, which SQLite reads as 0) and blobs always pass;
/// - a test of a table the database lacks, or of a `runs` column it lacks, bounds nothing.
///
/// ```swift
/// let sql = try MLflowBoundSQL(db).condition(try Query("params.seed = '3'").bound)
/// // run_uuid IN (SELECT run_uuid FROM params WHERE key IN ('seed') AND (value IN ('3') OR typeof(value) <> 'text'))
/// ```
struct MLflowBoundSQL {
    /// The columns of `runs`, as named.
    let runColumns: Set<String>
    /// Which of `params`, `tags`, `latest_metrics` and `metrics` exist.
    let tables: Set<String>
    /// The `metrics` table's NaN flag as SQL (`is_nan`, or `0` for a schema without it).
    let metricsNaN: String

    init(runColumns: Set<String>, tables: Set<String>, metricsNaN: String = "is_nan") {
        self.runColumns = runColumns
        self.tables = tables
        self.metricsNaN = metricsNaN
    }

    init(_ db: Database) throws {
        let hasNaN = try db.tableExists("metrics") && db.columns(in: "metrics").contains { $0.name == "is_nan" }
        self.init(runColumns: Set(try db.columns(in: "runs").map(\.name)),
                  tables: Set(try ["params", "tags", "latest_metrics", "metrics"].filter { try db.tableExists($0) }),
                  metricsNaN: hasNaN ? "is_nan" : "0")
    }

    /// The condition, or nil when the bound bounds nothing in this database (every run may match).
    ///
    /// One test of a top-level AND (or the bound's only test) is `run_uuid IN (subquery)`, so that
    /// SQLite reads that subquery's rows and looks their runs up by id: the test likely to keep the
    /// fewest runs (text, then a number equal, then a range, then a key's presence). Every other
    /// test is `EXISTS` of the run's row, looked up by the `(key, run_uuid)` primary key for each
    /// run the driving test keeps: a range that keeps most runs is never read whole.
    func condition(_ bound: QueryBound) -> String? {
        switch bound {
        case .stored(let test): return condition(test, driving: true)
        case .all(let bounds):
            let ranked = bounds.indices.compactMap { index in drivingRank(bounds[index]).map { (index, $0) } }
            let driver = ranked.min { $0.1 < $1.1 }?.0
            return all(bounds.indices.compactMap { condition(bounds[$0], driving: $0 == driver) })
        default: return condition(bound, driving: false)
        }
    }

    /// The condition with every test an `EXISTS` lookup by run id: cheap on a few rows of `runs`
    /// (a sample), where `condition(_:)` would read its driving test's rows whole.
    func lookupCondition(_ bound: QueryBound) -> String? {
        condition(bound, driving: false)
    }

    private func condition(_ bound: QueryBound, driving: Bool) -> String? {
        switch bound {
        case .unbounded: return nil
        case .stored(let test): return condition(test, driving: driving)
        case .all(let bounds): return all(bounds.compactMap { condition($0, driving: false) })
        case .any(let bounds):
            var parts: [String] = []
            for bound in bounds {
                guard let part = condition(bound, driving: false) else { return nil }
                parts.append(part)
            }
            return parts.isEmpty ? "0" : parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        }
    }

    /// How well a bound drives a narrowed load as `run_uuid IN (…)` (lower: fewer runs likely
    /// kept); nil when it cannot (not one test of a table the database has, or a missing key).
    private func drivingRank(_ bound: QueryBound) -> Int? {
        guard case .stored(let test) = bound, table(test.namespace) != nil else { return nil }
        switch test.condition {
        case .text: return 0
        case .number(.equal, _): return 1
        case .number: return 2
        case .present: return 3
        case .missing: return nil
        }
    }

    private func all(_ parts: [String]) -> String? {
        parts.isEmpty ? nil : parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
    }

    /// The table holding a namespace's keys, when this database has it.
    func table(_ namespace: FieldKey.Namespace) -> String? {
        let table = switch namespace {
        case .params: "params"
        case .tags: "tags"
        case .metrics: "latest_metrics"
        case .history: "metrics"
        default: ""
        }
        return tables.contains(table) ? table : nil
    }

    /// A test as `run_uuid IN (rows)` when `driving`, else as `EXISTS` of the run's row.
    private func condition(_ test: StoredTest, driving: Bool) -> String? {
        if test.namespace == .info { return columnCondition(test) }
        guard let table = table(test.namespace) else { return nil }
        // A run's points of `metrics` are looked up by its run index (`+key`: not by the primary
        // key, whose `key` prefix is every run's points of the key: ~20 s for 250 lookups at 10,000 runs).
        let key = test.namespace == .history && !driving ? "+key" : "key"
        let rows = "FROM \(table) WHERE \(key) IN \(Self.list(test.spellings))"
        func matching(_ condition: String?) -> String {
            let extra = condition.map { " AND " + $0 } ?? ""
            return driving ? "run_uuid IN (SELECT run_uuid \(rows)\(extra))"
                : "EXISTS (SELECT 1 \(rows) AND \(table).run_uuid = runs.run_uuid\(extra))"
        }
        switch test.condition {
        case .present: return matching(nil)
        case .number(let op, let number) where test.namespace == .history:
            // A NaN point (MLflow: value 0, `is_nan` set) or a value that is no number reads as NaN.
            return matching("(\(metricsNaN) <> 0 OR typeof(value) NOT IN ('integer', 'real') OR \(Self.number("value", op, number)))")
        case .missing where test.namespace == .history, .text where test.namespace == .history: return nil
        case .missing: return "NOT EXISTS (SELECT 1 \(rows) AND \(table).run_uuid = runs.run_uuid)"
        case .text(let texts): return matching("(value IN \(Self.list(texts)) OR typeof(value) <> 'text')")
        case .number(let op, let number): return matching(Self.number("value", op, number))
        }
    }

    /// A test of the `runs` column the key names (`info.status`): RunKit reads it typed as stored.
    private func columnCondition(_ test: StoredTest) -> String? {
        guard test.spellings.count == 1, runColumns.contains(test.name) else { return nil }
        let column = "\"" + test.name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        switch test.condition {
        case .text(let texts): return "(\(column) IN \(Self.list(texts)) OR typeof(\(column)) = 'blob')"
        case .number(let op, let number): return Self.number(column, op, number)
        case .present, .missing: return nil
        }
    }

    /// `column`, read as a number, relates so to `number`, widened (see the type's notes).
    static func number(_ column: String, _ op: ComparisonOperator, _ number: Double) -> String {
        let margin = Swift.max(abs(number) * 1e-9, 1e-300)
        let read = "CAST(\(column) AS REAL)", low = literal(number - margin), high = literal(number + margin)
        let compared: String
        switch op {
        case .equal: compared = "\(read) BETWEEN \(low) AND \(high)"
        case .lessThan, .lessThanOrEqual: compared = "\(read) <= \(high)"
        case .greaterThan, .greaterThanOrEqual: compared = "\(read) >= \(low)"
        case .notEqual: return "1"
        }
        return "(\(compared) OR typeof(\(column)) = 'blob' OR (typeof(\(column)) = 'text' AND \(column) GLOB '*[nN]*'))"
    }

    /// A number as SQLite reads it (infinities as `9e999`, which overflows to them).
    private static func literal(_ number: Double) -> String {
        number.isFinite ? "\(number)" : (number > 0 ? "9e999" : "-9e999")
    }

    /// `('a','b')`, quotes doubled.
    static func list(_ texts: [String]) -> String {
        "(" + texts.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",") + ")"
    }
}

