import RunKitModel

/// A `QueryBound` as a PostgreSQL condition on MLflow's `runs` table, a superset of the bound's
/// runs: params, tags and latest metrics tested with `EXISTS` on their `(key, run_uuid)` key,
/// `runs` columns directly. Numbers are tested only on `latest_metrics` (a double column; a NaN
/// point always passes) and on integer `runs` columns; params are text in PostgreSQL and a cast
/// of a non-number fails the statement, so a param compared as a number bounds nothing (the
/// SQLite store's `CAST(value AS REAL)` is not portable). A test that cannot be written is left
/// out of its AND (a smaller AND is a superset still); an OR needs every branch.
///
/// ```swift
/// MLflowPostgresSQL.condition(try Query("params.lr = '0.1'").bound)
/// // EXISTS (SELECT 1 FROM params t WHERE t.run_uuid = runs.run_uuid AND t.key IN ('lr') AND t.value IN ('0.1'))
/// ```
enum MLflowPostgresSQL {
    static func condition(_ bound: QueryBound) -> String? {
        switch bound {
        case .unbounded: return nil
        case .stored(let test): return condition(test)
        case .all(let bounds):
            let parts = bounds.compactMap(condition)
            return parts.isEmpty ? nil : "(" + parts.joined(separator: " AND ") + ")"
        case .any(let bounds):
            var parts: [String] = []
            for bound in bounds {
                guard let part = condition(bound) else { return nil }
                parts.append(part)
            }
            return parts.isEmpty ? "FALSE" : "(" + parts.joined(separator: " OR ") + ")"
        }
    }

    /// The `runs` columns that hold integers (the rest hold text).
    static let integerColumns: Set<String> = ["start_time", "end_time", "experiment_id", "deleted_time"]

    static func condition(_ test: StoredTest) -> String? {
        let keys = "(" + test.spellings.map(quoted).joined(separator: ",") + ")"
        func exists(_ table: String, _ extra: String) -> String {
            "EXISTS (SELECT 1 FROM \(table) t WHERE t.run_uuid = runs.run_uuid AND t.key IN \(keys)\(extra))"
        }
        let table: String
        switch test.namespace {
        case .params: table = "params"
        case .tags: table = "tags"
        case .metrics: table = "latest_metrics"
        case .info:
            guard test.spellings.count == 1 else { return nil }
            let column = test.name, name = identifier(column)
            switch test.condition {
            case .text(let texts) where !integerColumns.contains(column):
                return "\(name) IN (" + texts.map(quoted).joined(separator: ",") + ")"
            case .number(let op, let number) where integerColumns.contains(column):
                return comparison(name, op, number)
            default: return nil
            }
        default: return nil
        }
        switch test.condition {
        case .present: return exists(table, "")
        case .missing: return "NOT " + exists(table, "")
        case .text(let texts):
            return exists(table, " AND t.value IN (" + texts.map(quoted).joined(separator: ",") + ")")
        case .number(let op, let number):
            guard table == "latest_metrics", let compared = comparison("t.value", op, number) else { return nil }
            return exists(table, " AND (t.is_nan OR \(compared))")
        }
    }

    /// `column op number`, nil for `!=` or a number that is not finite.
    private static func comparison(_ column: String, _ op: ComparisonOperator, _ number: Double) -> String? {
        guard number.isFinite, op != .notEqual else { return nil }
        let symbol = op == .equal ? "=" : op.rawValue
        return "\(column) \(symbol) \(number)"
    }

    /// `'text'`, quotes doubled (standard_conforming_strings: a backslash is itself).
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `"name"`, quotes doubled.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
