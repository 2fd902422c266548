import Foundation
import Testing
@testable import RunKit

/// Every case of the corpus query files: `expected/mlflow_search.json` of both MLflow stores and
/// `expected/queries.json` of the MLXP logs. Accepted queries must give the tool's runs (in
/// MLflow's order); queries the tools rejected only for their own limits get the answer their
/// obvious meaning selects, written out below; real syntax errors must be refused with a position.
@Suite("Query conformance with MLflow and MLXP")
struct QueryConformanceTests {
    /// What RunKit answers for a query the tool rejected.
    enum Rejected {
        /// Accepted: these run ids, in this order.
        case runs([String])
        /// Accepted: every run of the case's `all-default-order` answer except these.
        case allExcept([String])
        /// Refused as a syntax error.
        case syntaxError
        /// Refused because no loaded run has the field (typo check); nothing matches with `allowMissing`.
        case missingField
    }

    static let failedTrainRun = "6d56fcf1add54708ac7217637f69b0e6"

    /// hydraflow-sqlite: the six filters MLflow rejects.
    static let sqliteRejected: [String: Rejected] = [
        // OR: accuracy > 0.5 holds for every run that logged accuracy; only the FAILED run (lr 0.5, no accuracy) is out.
        "err-or": .allExcept([failedTrainRun]),
        // `foo` is no namespace, so `foo.bar` is a bare key that no run has.
        "err-unknown-identifier-type": .missingField,
        // IS NULL on a metric: the runs that never logged accuracy (the FAILED one).
        "err-metric-is-null": .runs([failedTrainRun]),
        // `>` on a param with a string literal compares strings: '0.1' and '0.5' are > '0.05', '0.01' and '0.001' are not.
        "err-param-range-comparator": .runs([failedTrainRun, "cbb6ffa50dda499a84f6722325099132", "88bbbaa306f1479d88443088d4cc08d1",
                                             "ecd27ed97310426a99836d364b3b720e", "19ada88b710c4a85b604ca0ba63b3bca"]),
        // An unquoted number against a param compares numerically: the four lr 0.1 runs.
        "err-param-unquoted-value": .runs(["cbb6ffa50dda499a84f6722325099132", "88bbbaa306f1479d88443088d4cc08d1",
                                           "ecd27ed97310426a99836d364b3b720e", "19ada88b710c4a85b604ca0ba63b3bca"]),
        // NULLS LAST is not part of `KEY [ASC|DESC]` (missing values always go last anyway).
        "err-order-by-nulls-last": .syntaxError,
    ]

    /// mlflow-file: the five filters MLflow rejects.
    static let fileRejected: [String: Rejected] = [
        // OR of two params: the runs whose lr is '0.1' or '0.01'.
        "err-or": .runs(["d80d56c95b6f4ea6a8584381c4297706", "7898d3fd2ffb48c3ad087ff7e503f50d", "659fb09249ca4e06b7135b8b82829ca3",
                         "3e1efa47ed3e44bf888d76bc1e52d1d8", "073e3c1f863846029b7f26eac93f1fc2", "b769b159ae9e4fa98c28b42903ec2336"]),
        // `metric_x` is no namespace: a bare key no run has.
        "err-unknown-type": .missingField,
        // NOT IN on the run name: no run is called 'a' or 'b', so every run.
        "err-run-name-not-in": .allExcept([]),
        // A metric never equals a string.
        "err-metric-string-value": .runs([]),
        // experiment_id is an attribute; the searched experiments are not experiment 0.
        "err-experiment-id-attr": .runs([]),
    ]

    func checkMLflow(store: String, open: (String) throws -> any RunStoreReader, rejected: [String: Rejected]) throws {
        let reader = try open(Fixtures.path(store))
        let cases = try Fixtures.expected(store, "mlflow_search.json")["cases"]?.listValue ?? []
        let allDefault = cases.first { $0["id"]?.stringValue == "all-default-order" }?["run_ids"]?.listValue?.compactMap(\.stringValue) ?? []
        #expect(!cases.isEmpty && !allDefault.isEmpty)
        var accepted = 0, handWritten = 0
        for record in cases {
            let id = record["id"]!.stringValue!
            let filter = record["filter"]!.stringValue!
            let orderBy = (record["order_by"]?.listValue ?? []).compactMap(\.stringValue)
            let view: RunView = switch record["run_view_type"]!.stringValue! {
            case "DELETED_ONLY": .deletedOnly
            case "ALL": .all
            default: .activeOnly
            }
            let names = (record["experiment_names"]?.listValue ?? []).compactMap(\.stringValue)
            let runs = RunCollection(try reader.loadRuns(LoadOptions(experiments: .names(names), view: view)).runs)
            let options = QueryOptions.matching(reader.kind)
            func answer(_ options: QueryOptions) throws -> [String] {
                let terms = try orderBy.map(OrderTerm.init)
                let selected = try runs.filter(where: filter, options: options).sorted(by: terms, options: options)
                return selected.prefix(record["max_results"]?.intValue ?? .max).map(\.id)
            }
            if record["error"]?.boolValue != true {
                accepted += 1
                let want = (record["run_ids"]?.listValue ?? []).compactMap(\.stringValue)
                #expect(try answer(options) == want, "\(store) \(id): \(filter) \(orderBy)")
                continue
            }
            handWritten += 1
            switch rejected[id] {
            case .runs(let want)?:
                #expect(try answer(options) == want, "\(store) \(id): \(filter)")
            case .allExcept(let left)?:
                #expect(try answer(options) == allDefault.filter { !left.contains($0) }, "\(store) \(id): \(filter)")
            case .syntaxError?:
                let error = #expect(throws: RunKitError.self, "\(store) \(id)") { try answer(options) }
                #expect(error?.kind == .invalidQuery && error?.offset != nil && error?.description.contains("^") == true, "\(store) \(id): \(String(describing: error))")
            case .missingField?:
                let error = #expect(throws: RunKitError.self, "\(store) \(id)") { try answer(options) }
                #expect(error?.kind == .keyNotFound, "\(store) \(id): \(String(describing: error))")
                #expect(try answer(QueryOptions.matching(reader.kind, allowMissing: true)) == [])
            case nil:
                Issue.record("\(store) \(id): no hand-written expectation for the rejected filter \(filter)")
            }
        }
        #expect(handWritten == rejected.count)
        #expect(accepted + handWritten == cases.count)
    }

    @Test("hydraflow-sqlite: all 41 cases of mlflow_search.json")
    func sqliteStore() throws {
        try checkMLflow(store: "hydraflow-sqlite", open: { try MLflowSQLiteStore(databasePath: $0 + "/mlflow.db") }, rejected: Self.sqliteRejected)
    }

    @Test("mlflow-file: all 47 cases of mlflow_search.json, LIKE as the file store runs it")
    func fileStore() throws {
        try checkMLflow(store: "mlflow-file", open: { MLflowFileStore(mlrunsPath: $0 + "/mlruns") }, rejected: Self.fileRejected)
    }

    @Test("mlflow-file: experiment_id, which MLflow refuses as an attribute, selects by experiment")
    func experimentIDAttribute() throws {
        let runs = RunCollection(try MLflowFileStore(mlrunsPath: Fixtures.path("mlflow-file/mlruns")).loadRuns().runs)
        let inDefault = try runs.filter(where: "attributes.experiment_id = '0'")
        #expect(inDefault.count == 2 && inDefault.allSatisfy { $0.info.experimentName == "Default" })
        #expect(try runs.filter(where: "experiment_id = 0").count == 2)
    }

    /// MLXP: the answers for the 14 queries MLXP rejects or fails on.
    static let mlxpRejected: [String: [Int]?] = [
        // A metric: its latest value (run 19's train.loss ends at +inf).
        "train.loss < 1": [2, 3, 8, 9, 11, 14, 15],
        // A trailing dot is a syntax error (quote the key: info.`artifact.pickle.`).
        "artifact.pickle. == 1": nil,
        // `and` is AND.
        "config.seed == 1 and config.model.num_units == 2": [1, 4],
        // `=` is `==`.
        "config.seed = 1": [1, 4, 7, 10, 13, 16, 19],
        // Exponents are numbers: 1e1 is 10, and no run has seed 10.
        "config.seed == 1e1": [],
        // `true` is True, and as in Python 1 == True.
        "config.seed == true": [1, 4, 7, 10, 13, 16, 19],
        // The field comes first.
        "1 == config.seed": nil,
        "config.seed ==": nil,
        // `-` is not part of a name (quote it: config.`model-name`).
        "config.model-name == 'a'": nil,
        // Nested lists: every run's splits is [0.8, 0.2].
        "config.data.splits in [[0.8, 0.2]]": Array(1...21),
        // A string is never ordered against a number: no match instead of TypeError.
        "info.status > 1": [],
        // A null dropout is not ordered against 1: only run 19 (0.5) matches instead of TypeError.
        "config.model.dropout < 1": [19],
        "(config.seed == 1": nil,
        // `None` is null; no run has a null seed.
        "config.seed == None": [],
    ]

    @Test("mlxp-logs: all 52 cases of queries.json")
    func mlxp() throws {
        let runs = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns().runs)
        let cases = try Fixtures.expected("mlxp-logs", "queries.json")["cases"]?.listValue ?? []
        #expect(cases.count == 52)
        var handWritten = 0
        for record in cases {
            let query = record["query"]!.stringValue!
            func ids(_ options: QueryOptions = QueryOptions()) throws -> [Int] {
                try runs.filter(where: query, options: options).map { Int($0.id)! }
            }
            if record["error"]?.boolValue != true {
                let want = (record["ids"]?.listValue ?? []).compactMap(\.intValue)
                do {
                    #expect(try ids() == want, "\(query)")
                } catch let error as RunKitError where error.kind == .keyNotFound {
                    // A field no run has (config.does.not.exist): an error unless allowed, then nothing matches, as in MLXP.
                    #expect(want.isEmpty, "\(query): \(error)")
                    #expect(try ids(QueryOptions(allowMissing: true)) == want, "\(query)")
                }
                continue
            }
            handWritten += 1
            guard let expectation = Self.mlxpRejected[query] else {
                Issue.record("no hand-written expectation for the rejected query \(query)")
                continue
            }
            if let want = expectation {
                #expect(try ids() == want, "\(query)")
            } else {
                let error = #expect(throws: RunKitError.self, "\(query)") { try ids() }
                #expect(error?.kind == .invalidQuery && error?.description.contains("^") == true, "\(query): \(String(describing: error))")
            }
        }
        #expect(handWritten == Self.mlxpRejected.count)
    }
}
