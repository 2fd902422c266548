import Testing
@testable import RunKit
@testable import RunKitStores

/// The pushdown equivalence tests' shared parts: random `--where` expressions over a store's
/// awkward keys, and a query's answer as the CLI computes it, planned (candidates loaded inside
/// the query's bound) or from the full load.
struct PlannedQueries {
    /// The keys comparisons name (repeat a key to weigh it more).
    let fields: [String]

    static let values = [
        "0", "1", "3", "0.001", "0.5", "-1", "1e300", "3.0", "'3'", "'0.001'", "'abc'", "''", "'K'", "'nan'", "'inf'",
        "'FINISHED'", "'cnn'", "'e\u{301}'", "'\u{E9}'", "null", "true", "[1, '3']", "('abc', 'K', 0.5)", "['cnn', 'mlp']",
        "inf", "-1e300", "'1e-3'", "'5abc'", "' 5'", "['', 3]", "('nan', '\u{212A}', '0.5')", "[0, 1e300, -1]",
    ]
    static let operators = ["=", "!=", "<", "<=", ">", ">=", "IN", "NOT IN", "LIKE", "NOT LIKE", "ILIKE", "IS NULL", "IS NOT NULL"]
    static let patterns = ["'3%'", "'%'", "'c_n'", "'%K%'", "'FIN%'"]

    func comparison(_ random: inout SplitMix64) -> String {
        let field = fields.randomElement(using: &random)!
        let op = Self.operators.randomElement(using: &random)!
        switch op {
        case "IS NULL", "IS NOT NULL": return "\(field) \(op)"
        case "LIKE", "NOT LIKE", "ILIKE": return "\(field) \(op) \(Self.patterns.randomElement(using: &random)!)"
        case "IN", "NOT IN":
            let list = Self.values.filter { $0.hasPrefix("[") || $0.hasPrefix("(") }.randomElement(using: &random)!
            return "\(field) \(op) \(list)"
        default: return "\(field) \(op) \(Self.values.filter { !$0.hasPrefix("[") && !$0.hasPrefix("(") }.randomElement(using: &random)!)"
        }
    }

    /// A comparison, or NOT/AND/OR of expressions nested up to `depth` deep.
    func expression(_ depth: Int, _ random: inout SplitMix64) -> String {
        guard depth > 0, random.next() % 3 != 0 else { return comparison(&random) }
        switch random.next() % 3 {
        case 0: return "not (\(expression(depth - 1, &random)))"
        case 1: return "(\(expression(depth - 1, &random)) and \(expression(depth - 1, &random)))"
        default: return "(\(expression(depth - 1, &random)) or \(expression(depth - 1, &random)))"
        }
    }

    /// The answer as the CLI computes it: run ids in order, or the error. `full` is the full load
    /// of `view` (the same every time: loaded once); `planned` loads the candidates inside the
    /// query's bound, always pushed, and falls back to `full` as `StoreOptions.load(planning:)` does.
    static func answer(_ store: any RunStoreReader, _ query: Query, view: RunView, full: [Run], allowMissing: Bool,
                       columns: [String], planned: Bool) -> String {
        do {
            let plan = QueryPlan(query)
            var runs = full
            if planned, let bound = plan.bound {
                var options = LoadOptions(view: view)
                options.bound = bound
                options.pushdownThreshold = .infinity
                runs = try store.loadRuns(options).runs
                if !plan.candidatesSuffice(runs, allowMissing: allowMissing, columns: columns) { runs = full }
            }
            let matched = try RunCollection(runs).filter(query, options: QueryOptions.matching(store.kind, allowMissing: allowMissing))
            try RunListView.checkColumns(columns, in: runs)
            return matched.map(\.info.runID).joined(separator: ",")
        } catch let error as RunKitError {
            return "error \(error.kind): \(error)"
        } catch {
            return "error \(error)"
        }
    }

    /// Compares planned and full-load answers of `count` random queries (seeded) over `store`,
    /// every third over every run, every fourth with `--allow-missing`, every fifth with a
    /// `--columns` key; returns how many were compared and how many had a bound to push.
    func compare(_ store: any RunStoreReader, count: Int, seed: UInt64) throws -> (compared: Int, pushed: Int) {
        var random = SplitMix64(seed: seed)
        var compared = 0, pushed = 0
        let full: [RunView: [Run]] = try [.all: store.loadRuns(LoadOptions(view: .all)).runs,
                                          .activeOnly: store.loadRuns(LoadOptions(view: .activeOnly)).runs]
        for index in 0..<count {
            let text = expression(3, &random)
            guard let query = try? Query(text) else { continue }
            let view: RunView = index % 3 == 0 ? .all : .activeOnly
            let allowMissing = index % 4 == 0
            let columns = index % 5 == 0 ? [fields.randomElement(using: &random)!] : []
            let planned = Self.answer(store, query, view: view, full: full[view]!, allowMissing: allowMissing,
                                      columns: columns, planned: true)
            let whole = Self.answer(store, query, view: view, full: full[view]!, allowMissing: allowMissing,
                                    columns: columns, planned: false)
            #expect(planned == whole, "query: \(text) (view \(view), allowMissing \(allowMissing), columns \(columns))")
            compared += 1
            if QueryPlan(query).bound != nil { pushed += 1 }
        }
        return (compared, pushed)
    }
}
