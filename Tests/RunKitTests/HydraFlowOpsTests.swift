import Foundation
import OrderedCollections
import Testing
@testable import RunKit

/// The runs HydraFlow's `Run.load(sorted(iter_run_dirs(SOURCE), key=lambda p: p.name))` gives for
/// the hydraflow-sqlite fixture: every run of the selected experiments (deleted and FAILED ones
/// too, as HydraFlow ignores lifecycle), never the Default experiment, ordered by run id.
func loadHydraFlowRuns(experiments: ExperimentSelection) throws -> RunCollection {
    let store = try MLflowSQLiteStore(databasePath: Fixtures.path("hydraflow-sqlite/mlflow.db"))
    let runs = try store.loadRuns(LoadOptions(experiments: experiments, view: .all)).runs
    return RunCollection(runs.filter { $0.info.experimentName != "Default" }.sorted { $0.id < $1.id })
}

/// Replays every case of `expected/hydraflow_ops.json` (call chains of the real HydraFlow 0.23.1)
/// through RunKit's collection API and compares the answers by kind.
@Suite("HydraFlow ops (hydraflow_ops.json)")
struct HydraFlowOpsTests {
    static let cases: [ConfigValue] =
        (try? Fixtures.expected("hydraflow-sqlite", "hydraflow_ops.json"))?["cases"]?.listValue ?? []
    static let caseIDs: [String] = cases.compactMap { $0["id"]?.stringValue }

    /// Cases where RunKit answers differently from HydraFlow on purpose. Each is still run, and
    /// RunKit's own answer is asserted in `checkDeviation`.
    static let deviations: [String: String] = [
        "filter-range-on-null-errors": "a range never matches a null value (HydraFlow: TypeError)",
        "filter-builder-gt-two-keys": "comparing with a null does not match (HydraFlow: TypeError)",
        "sort-null-mixed-errors": "nulls sort last (HydraFlow: TypeError)",
        "unique-null-mixed-errors": "unique sorts nulls last (HydraFlow: TypeError)",
        "unique-list-ragged-errors": "unique accepts lists of different lengths (HydraFlow: numpy ValueError)",
        "run-get-metric-not-supported": "a bare key falls back to the run's metrics (HydraFlow reads the config only)",
    ]
    // Not deviations: `job_name` is the experiment name in RunKit, which is what HydraFlow answers
    // in the generation dir (the cases of `cases_that_differ_on_copied_tree` match exactly).

    @Test("the fixture has its 100 cases")
    func caseCount() {
        #expect(Self.caseIDs.count == 100)
        #expect(Set(Self.deviations.keys).isSubset(of: Set(Self.caseIDs)))
    }

    @Test("case", arguments: HydraFlowOpsTests.caseIDs)
    func replay(_ id: String) throws {
        let testCase = try #require(Self.cases.first { $0["id"]?.stringValue == id })
        let expected = try #require(testCase["result"])
        let kind = try #require(expected["kind"]?.stringValue)

        if id == "get-experiment-names" {
            let store = try MLflowSQLiteStore(databasePath: Fixtures.path("hydraflow-sqlite/mlflow.db"))
            let names = try store.experiments().filter { $0.lifecycleStage == "active" && $0.name != "Default" }.map(\.name)
            #expect(Set(names) == Set(try strings(expected["value"])))
            return
        }

        let source = try selection(testCase["source"]?["experiment_names"] ?? .null, caseID: id)
        let runs = try loadHydraFlowRuns(experiments: source)
        if let input = testCase["input_run_ids"] {
            #expect(runs.map(\.id) == (try strings(input)), "input collection")
        }

        var outcome = Outcome.runs(runs)
        for step in testCase["steps"]?.listValue ?? [] {
            do {
                outcome = try perform(step, on: outcome, caseID: id)
            } catch {
                outcome = .error(error)
                break
            }
        }

        if Self.deviations[id] != nil {
            try checkDeviation(id, outcome)
        } else {
            try check(outcome, against: expected, kind: kind)
        }
    }

    // MARK: - RunKit's own answers where it deviates

    func checkDeviation(_ id: String, _ outcome: Outcome) throws {
        switch id {
        case "filter-range-on-null-errors":
            #expect(try ids(outcome) == ["6d56fcf1add54708ac7217637f69b0e6"])
        case "filter-builder-gt-two-keys":
            #expect(try ids(outcome) == [])
        case "sort-null-mixed-errors":
            let withDropout = ["5d22b416641a429ebceede3566bd59a8", "80d07d5082704a10a90892963726743e",
                               "b65e8fe912db43a38dab6fa74aff7427", "bf38b84f10e14686b0e0874d54c665ac",
                               "db21c00c210b49218880f23a6bfd46d3", "f05bbe0a994c42b3843455a3ce0d15e7",
                               "f0945c958afa4943bc871eca9f8a99f7", "f4e289c2166c43adaf1635677f2b6d59"]
            let nullDropout = ["680d4ff152cd4a52af3db62754ef35e3", "74ecdd1ad752457e95cb93d1f20ea055",
                               "9b38814662cd48d897056e5d2de986f2", "aa0b390b18ab4b57b3b191cc2073e8b4",
                               "c11b286488414bf4983f2fb773d3c3a5", "c40beb30cba34785b8b9cdfccc349e25",
                               "dbadfb61aae44aaa8b571fca75812bc8", "fa7c92b575a7458faba8de4df64b76ae"]
            #expect(try ids(outcome) == withDropout + nullDropout)
        case "unique-null-mixed-errors":
            guard case .array(let values) = outcome else { Issue.record("got \(outcome)"); return }
            #expect(strictlyEqual(.list(values), [0.1, nil]))
        case "unique-list-ragged-errors":
            guard case .array(let values) = outcome else { Issue.record("got \(outcome)"); return }
            #expect(strictlyEqual(.list(values), [["flip"], ["flip", "crop"]]))
        case "run-get-metric-not-supported":
            guard case .value(let value) = outcome else { Issue.record("got \(outcome)"); return }
            #expect(strictlyEqual(value, .double(0.94291)))
        default:
            Issue.record("no RunKit answer written for deviation \(id)")
        }
    }

    // MARK: - Interpreter

    enum Outcome {
        case runs(RunCollection)
        case run(Run)
        case optionalRun(Run?)
        case value(ConfigValue)
        case list([ConfigValue])
        case array([ConfigValue])
        case groups([RunGroup])
        case table(Table)
        case error(any Error)
    }

    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    func perform(_ step: ConfigValue, on receiver: Outcome, caseID: String) throws -> Outcome {
        let method = step["method"]?.stringValue ?? ""
        let args = step["args"]?.listValue ?? []
        let kwargs = step["kwargs"]?.mapValue ?? [:]
        switch (receiver, step["receiver"]?.stringValue) {
        case (.runs(let runs), "RunCollection"):
            return try perform(method, args, kwargs, on: runs, caseID: caseID)
        case (.run(let run), "Run"):
            switch method {
            case "get":
                let key = try string(args.first)
                if args.count > 1 { return .value(run.value(for: key, default: args[1])) }
                return .value(try run.requiredValue(for: key))
            case "to_dict":
                return .value(.map(run.flatConfig))
            default: break
            }
        case (.groups(let groups), "GroupBy") where method == "agg":
            // HydraFlow's string agg is a bare key (the list of the group's values); `n=lambda g: len(g)` a closure.
            var aggregations = try args.map { try Aggregation<Run>(try string($0)) }
            for (name, _) in kwargs {
                guard caseID == "group-by-agg", name == "n" else { throw Unsupported(description: "aggregate \(name)") }
                aggregations.append(.custom(name) { group in .int(group.items.count) })
            }
            return .table(try groups.aggregated(aggregations))
        default: break
        }
        throw Unsupported(description: "\(step["receiver"] ?? .null).\(method) on \(receiver)")
    }

    func perform(_ method: String, _ args: [ConfigValue], _ kwargs: OrderedDictionary<String, ConfigValue>,
                 on runs: RunCollection, caseID: String) throws -> Outcome {
        func criteria() throws -> [Criterion<Run>] {
            try args.map { try positionalCriterion($0, caseID: caseID) }
                + kwargs.map { try criterion($0.key, $0.value, caseID: caseID) }
        }
        switch method {
        case "filter": return .runs(try runs.filter(.all(criteria())))
        case "exclude": return .runs(try runs.exclude(.all(criteria())))
        case "get": return .run(try runs.single(matching: .all(criteria())))
        case "try_get": return .optionalRun(try runs.singleIfPresent(matching: .all(criteria())))
        case "first": return .run(try runs.first(matching: .all(criteria())))
        case "last": return .run(try runs.last(matching: .all(criteria())))
        case "sort":
            let keys = try args.map { try string($0) }
            return .runs(runs.sorted(by: keys, reverse: kwargs["reverse"]?.boolValue ?? false))
        case "to_list":
            let key = try string(args.first)
            if args.count > 1 { return .list(runs.values(of: key, default: args[1])) }
            return .list(try runs.values(of: key))
        case "unique": return .array(try runs.uniqueValues(of: try string(args.first)))
        case "n_unique": return .value(.int(try runs.uniqueValues(of: try string(args.first)).count))
        case "group_by": return .groups(try runs.grouped(by: try args.map { try string($0) }))
        case "to_frame":
            var keys: [String] = []
            var defaults: [String: KeyDefault<Run>] = [:]
            for arg in args {
                if let pair = arg["$tuple"]?.listValue, pair.count == 2 {
                    let key = try string(pair[0])
                    keys.append(key)
                    defaults[key] = .value(pair[1])
                } else {
                    keys.append(try string(arg))
                }
            }
            return .table(try runs.table(keys, defaults: defaults))
        case "__getitem__":
            let index = try #require(args.first?.intValue)
            return .run(runs[runs.startIndex + index])
        default:
            throw Unsupported(description: "RunCollection.\(method)")
        }
    }

    /// A keyword criterion `key=spec`, encoded as the fixture encodes Python values.
    func criterion(_ key: String, _ spec: ConfigValue, caseID: String) throws -> Criterion<Run> {
        if let items = spec["$tuple"]?.listValue {
            return items.count == 2 ? .between(key, items[0], items[1]) : .equals(key, .list(items))
        }
        if spec["$predicate"] != nil {
            switch caseID {
            case "filter-value-predicate": return .satisfies(key) { $0 < 0.05 }   // lambda v: v < 0.05
            default: throw Unsupported(description: "value predicate of \(caseID)")
            }
        }
        if case .list(let values) = spec { return .anyOf(key, values) }
        return .equals(key, spec)
    }

    /// A positional criterion: a `(key, spec)` tuple, a predicate on the run, or a builder.
    func positionalCriterion(_ arg: ConfigValue, caseID: String) throws -> Criterion<Run> {
        if let pair = arg["$tuple"]?.listValue, pair.count == 2 {
            return try criterion(try string(pair[0]), pair[1], caseID: caseID)
        }
        if arg["$predicate"] != nil {
            switch caseID {
            case "filter-run-predicate":   // lambda r: r.get('optimizer.lr') * r.get('seed') >= 0.02
                return .predicate { run in
                    let lr = try run.requiredValue(for: "optimizer.lr").doubleValue ?? .nan
                    let seed = try run.requiredValue(for: "seed").doubleValue ?? .nan
                    return lr * seed >= 0.02
                }
            default: throw Unsupported(description: "run predicate of \(caseID)")
            }
        }
        if let builder = arg["$builder"] {
            let args = try (builder["args"]?.listValue ?? []).map { try string($0) }
            let fallback = builder["kwargs"]?["default"]
            guard args.count == 2 else { throw Unsupported(description: "builder \(builder)") }
            switch builder["method"]?.stringValue {
            case "startswith": return .startsWith(args[0], args[1])
            case "endswith": return .endsWith(args[0], args[1])
            case "match": return .regex(args[0], args[1])
            case "gt": return .greaterThan(args[0], key: args[1], default: fallback)
            case "lt": return .lessThan(args[0], key: args[1], default: fallback)
            case "ge": return .atLeast(args[0], key: args[1], default: fallback)
            case "le": return .atMost(args[0], key: args[1], default: fallback)
            case "eq": return .equals(args[0], key: args[1], default: fallback)
            case "ne": return .notEquals(args[0], key: args[1], default: fallback)
            default: throw Unsupported(description: "builder \(builder)")
            }
        }
        throw Unsupported(description: "positional criterion \(arg)")
    }

    /// `iter_run_dirs(SOURCE)`: null, a name, a list of globs, or a predicate on the name.
    func selection(_ source: ConfigValue, caseID: String) throws -> ExperimentSelection {
        switch source {
        case .null: return .all
        case .string(let name): return .name(name)
        case .list: return .names(try strings(source))
        default:
            guard source["$predicate"] != nil, caseID == "load-callable" else {
                throw Unsupported(description: "source \(source)")
            }
            return .predicate { $0.hasPrefix("fine") }   // lambda name: name.startswith('fine')
        }
    }

    // MARK: - Comparing with HydraFlow's answer

    func check(_ outcome: Outcome, against expected: ConfigValue, kind: String) throws {
        if case .error(let error) = outcome, kind != "error" {
            Issue.record("RunKit threw \(error); HydraFlow answered \(JSONWriter.string(expected))")
            return
        }
        switch kind {
        case "runs":
            #expect(try ids(outcome) == (try strings(expected["run_ids"])))
        case "run_set":
            #expect(try ids(outcome).sorted() == (try strings(expected["run_ids"])).sorted())
        case "run":
            switch outcome {
            case .run(let run): #expect(run.id == expected["run_id"]?.stringValue)
            case .optionalRun(let run): #expect(run?.id == expected["run_id"]?.stringValue)
            default: Issue.record("expected a run, got \(outcome)")
            }
        case "value":
            let value: ConfigValue
            switch outcome {
            case .value(let v): value = v
            case .optionalRun(nil): value = .null
            default: Issue.record("expected a value, got \(outcome)"); return
            }
            let wanted = try #require(expected["value"])
            #expect(strictlyEqual(value, wanted), "got \(JSONWriter.string(value)), expected \(JSONWriter.string(wanted))")
            #expect(hasPythonType(value, expected["python_type"]?.stringValue ?? ""))
        case "list":
            guard case .list(let values) = outcome else { Issue.record("expected a list, got \(outcome)"); return }
            let wanted = try #require(expected["value"])
            #expect(strictlyEqual(.list(values), wanted), "got \(JSONWriter.string(.list(values)))")
            let types = expected["python_types"]?.listValue?.compactMap(\.stringValue) ?? []
            #expect(types.count == values.count && zip(values, types).allSatisfy { hasPythonType($0, $1) })
        case "array":
            guard case .array(let values) = outcome else { Issue.record("expected an array, got \(outcome)"); return }
            let wanted = try #require(expected["value"])
            #expect(strictlyEqual(.list(values), wanted), "got \(JSONWriter.string(.list(values)))")
            let shape = expected["shape"]?.listValue?.compactMap(\.intValue) ?? []
            #expect(shape.first == values.count)
            if shape.count == 2 { #expect(values.allSatisfy { $0.listValue?.count == shape[1] }) }
            let scalars = values.flatMap { $0.listValue ?? [$0] }
            let dtype = expected["dtype"]?.stringValue ?? ""
            switch dtype {
            case "float64": #expect(scalars.allSatisfy { if case .double = $0 { true } else { false } })
            case "int64": #expect(scalars.allSatisfy { if case .int = $0 { true } else { false } })
            default:
                #expect(dtype.hasPrefix("<U"))
                #expect(scalars.allSatisfy { $0.stringValue != nil })
            }
        case "groups":
            guard case .groups(let groups) = outcome else { Issue.record("expected groups, got \(outcome)"); return }
            let by = try strings(expected["by"])
            let wanted = expected["groups"]?.listValue ?? []
            #expect(groups.count == wanted.count)
            for (group, want) in zip(groups, wanted) {
                #expect(group.keys == by)
                let key = try #require(want["key"])
                #expect(strictlyEqual(group.key, key), "group key \(JSONWriter.string(group.key)) vs \(JSONWriter.string(key))")
                #expect(group.items.map(\.id) == (try strings(want["run_ids"])))
            }
        case "frame":
            guard case .table(let table) = outcome else { Issue.record("expected a frame, got \(outcome)"); return }
            let (columns, rows) = (table.columnNames, table.rows)
            #expect(columns == (try strings(expected["columns"])))
            let shape = expected["shape"]?.listValue?.compactMap(\.intValue) ?? []
            #expect(shape == [rows.count, rows.first?.count ?? columns.count] || (shape == [0, 0] && rows.isEmpty && columns.isEmpty))
            let wanted = try #require(expected["rows"])
            #expect(strictlyEqual(.list(rows.map(ConfigValue.list)), wanted), "rows \(JSONWriter.string(.list(rows.map(ConfigValue.list))))")
            // polars' dtypes against the table's column kinds (a value column holds lists or objects).
            let dtypes = try strings(expected["dtypes"])
            #expect(dtypes.count == table.columns.count)
            for (column, dtype) in zip(table.columns, dtypes) {
                let kind: TableColumn.Kind = switch dtype {
                case "Int64": .int
                case "Float64": .double
                case "String": .string
                case "Boolean": .bool
                default: .value
                }
                #expect(column.kind == kind, "\(column.name): \(column.kind) for polars \(dtype)")
            }
        case "error":
            guard case .error(let error) = outcome else { Issue.record("expected an error, got \(outcome)"); return }
            guard let error = error as? RunKitError else { Issue.record("not a RunKitError: \(error)"); return }
            let message = expected["message"]?.stringValue ?? ""
            let kind: RunKitError.Kind? = switch expected["type"]?.stringValue {
            case "AttributeError": .keyNotFound
            case "ValueError" where message.hasPrefix("Multiple items"): .multipleMatches
            case "ValueError" where message.hasPrefix("No item found"): .noMatch
            default: nil
            }
            #expect(error.kind == kind, "\(error)")
            #expect(error.description.hasPrefix(message), "message: \(error.description)")
        default:
            Issue.record("unknown result kind \(kind)")
        }
    }

    func ids(_ outcome: Outcome) throws -> [String] {
        guard case .runs(let runs) = outcome else { throw Unsupported(description: "expected runs, got \(outcome)") }
        return runs.map(\.id)
    }

    func string(_ value: ConfigValue?) throws -> String {
        guard let text = value?.stringValue else { throw Unsupported(description: "expected a string, got \(String(describing: value))") }
        return text
    }

    func strings(_ value: ConfigValue?) throws -> [String] {
        try (value?.listValue ?? []).map { try string($0) }
    }

    /// Equality that also tells ints from doubles, as the fixture does (`5` vs `5.0`); maps in order.
    func strictlyEqual(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(strictlyEqual)
        case (.map(let x), .map(let y)):
            return x.keys.elementsEqual(y.keys) && zip(x.values, y.values).allSatisfy(strictlyEqual)
        default: return false
        }
    }

    func hasPythonType(_ value: ConfigValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "NoneType"), (.bool, "bool"), (.int, "int"), (.double, "float"), (.string, "str"),
             (.list, "ListConfig"), (.list, "list"), (.list, "tuple"), (.map, "DictConfig"), (.map, "dict"):
            return true
        default:
            return false
        }
    }
}
