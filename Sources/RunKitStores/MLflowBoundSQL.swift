import GRDB
import RunKitModel

/// A `QueryBound` as a SQL condition on MLflow's `runs` table: each stored test becomes a
/// subquery on `params`, `tags` or `latest_metrics` (by the `(key, run_uuid)` primary key), or a
/// test of a `runs` column, widened wherever SQLite reads a value differently from RunKit so that
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
    /// Which of `params`, `tags` and `latest_metrics` exist.
    let tables: Set<String>

    init(runColumns: Set<String>, tables: Set<String>) {
        self.runColumns = runColumns
        self.tables = tables
    }

    init(_ db: Database) throws {
        self.init(runColumns: Set(try db.columns(in: "runs").map(\.name)),
                  tables: Set(try ["params", "tags", "latest_metrics"].filter { try db.tableExists($0) }))
    }

    /// The condition, or nil when the bound bounds nothing in this database (every run may match).
    func condition(_ bound: QueryBound) -> String? {
        switch bound {
        case .unbounded: return nil
        case .stored(let test): return condition(test)
        case .all(let bounds):
            let parts = bounds.compactMap(condition)
            return parts.isEmpty ? nil : parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
        case .any(let bounds):
            var parts: [String] = []
            for bound in bounds {
                guard let part = condition(bound) else { return nil }
                parts.append(part)
            }
            return parts.isEmpty ? "0" : parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        }
    }

    private func condition(_ test: StoredTest) -> String? {
        let table: String
        switch test.namespace {
        case .params: table = "params"
        case .tags: table = "tags"
        case .metrics: table = "latest_metrics"
        case .info: return columnCondition(test)
        default: return nil
        }
        guard tables.contains(table) else { return nil }
        let rows = "SELECT run_uuid FROM \(table) WHERE key IN \(Self.list(test.spellings))"
        switch test.condition {
        case .present: return "run_uuid IN (\(rows))"
        case .missing: return "run_uuid NOT IN (\(rows) AND run_uuid IS NOT NULL)"
        case .text(let texts): return "run_uuid IN (\(rows) AND (value IN \(Self.list(texts)) OR typeof(value) <> 'text'))"
        case .number(let op, let number): return "run_uuid IN (\(rows) AND \(Self.number("value", op, number)))"
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
