import Foundation
import Testing
import RunKit

/// `runkit list STORE --where … --order-by … --format json --columns run_id`, the contract the
/// conformance checks use, on every accepted case of the corpus query files.
@Suite("runkit list --where / --order-by")
struct QueryCLITests {
    func runIDs(_ result: CLIResult) throws -> [String] {
        try JSONParser.parse(result.stdout).listValue?.compactMap { $0["run_id"]?.stringValue } ?? []
    }

    func corpusCases(_ store: String, _ file: String) throws -> [ConfigValue] {
        let text = try String(contentsOfFile: CLI.fixtures + "/\(store)/expected/\(file)", encoding: .utf8)
        return try JSONParser.parse(text)["cases"]?.listValue ?? []
    }

    /// `runkit list STORE …` asking what a case of `mlflow_search.json` asks, printing run ids as JSON.
    static func listArguments(_ record: ConfigValue, store: String) -> [String] {
        var arguments = ["list", store, "--format", "json", "--columns", "run_id"]
        for name in record["experiment_names"]?.listValue ?? [] { arguments += ["--experiment", name.stringValue!] }
        if let filter = record["filter"]?.stringValue, !filter.isEmpty { arguments += ["--where", filter] }
        for term in record["order_by"]?.listValue ?? [] { arguments += ["--order-by", term.stringValue!] }
        arguments += ["--limit", String(record["max_results"]!.intValue!)]
        switch record["run_view_type"]?.stringValue {
        case "DELETED_ONLY": arguments.append("--deleted")
        case "ALL": arguments.append("--all")
        default: break
        }
        return arguments
    }

    @Test("every accepted case of mlflow_search.json, through the CLI", arguments: ["hydraflow-sqlite", "mlflow-file"])
    func mlflowCases(store: String) throws {
        var checked = 0
        for record in try corpusCases(store, "mlflow_search.json") where record["error"]?.boolValue != true {
            let result = try CLI.run(Self.listArguments(record, store: CLI.fixtures + "/" + store))
            let id = record["id"]!.stringValue!
            #expect(result.status == 0, "\(id): \(result.stderr)")
            let want = (record["run_ids"]?.listValue ?? []).compactMap(\.stringValue)
            #expect(try runIDs(result) == want, "\(store) \(id)")
            checked += 1
        }
        #expect(checked >= 35)
    }

    @Test("every accepted case of MLXP's queries.json, through the CLI")
    func mlxpCases() throws {
        for record in try corpusCases("mlxp-logs", "queries.json") where record["error"]?.boolValue != true {
            let query = record["query"]!.stringValue!
            // The fixture holds two folders MLXP skips too: notes, exit status 0.
            let result = try CLI.run(["list", CLI.fixtures + "/mlxp-logs", "--where", query, "--allow-missing", "--format", "json", "--columns", "run_id"])
            #expect(result.status == 0, "\(query): \(result.stderr)")
            let want = (record["ids"]?.listValue ?? []).compactMap(\.intValue).map(String.init)
            #expect(try runIDs(result) == want, "\(query)")
        }
    }

    @Test("a syntax error prints the query with a caret and exits 1, before reading the store")
    func syntaxError() throws {
        let result = try CLI.run(["list", "/nonexistent/store", "--where", "config.seed == 1 and (metrics.loss <"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            runkit: error: Invalid query at column 37: expected a value (a number, a quoted string, true, false, null or a list), found the end of the query.
              config.seed == 1 and (metrics.loss <
                                                  ^

            """)
        let order = try CLI.run(["list", CLI.fixtures + "/hydraflow-sqlite", "--order-by", "metrics.accuracy DESC NULLS LAST"])
        #expect(order.status == 1)
        #expect(order.stderr.contains("expected the end of the order-by after DESC, found 'NULLS'"))
        #expect(order.stderr.hasSuffix("^\n"))
    }

    @Test("a quoted number against a metric, an unknown --experiment, an odd name in --order-by: errors that say why")
    func trustworthyErrors() throws {
        let store = CLI.fixtures + "/hydraflow-sqlite"
        // A metrics. key is refused before the store is read…
        let quoted = try CLI.run(["list", "/nonexistent/store", "--where", "metrics.accuracy > '0.9'"])
        #expect(quoted.status == 1 && quoted.stdout.isEmpty)
        #expect(quoted.stderr.contains("metrics.accuracy is a metric, a number, but '0.9' is quoted") && quoted.stderr.contains("write 0.9 without quotes"))
        // …a bare key once it is known to be a metric (MLXP names metrics without a prefix).
        let bare = try CLI.run(["group", CLI.fixtures + "/mlxp-logs", "--where", "train.loss < '1'"])
        #expect(bare.status == 1 && bare.stdout.isEmpty && bare.stderr.contains("train.loss is a metric"))
        let typo = try CLI.run(["list", store, "--experiment", "trian", "--experiment", "finetune"])
        #expect(typo.status == 1 && typo.stdout.isEmpty)
        #expect(typo.stderr.hasPrefix("runkit: error: No experiment is named 'trian' (did you mean 'train'?); the store's experiments: "))
        #expect(try CLI.run(["list", store, "--experiment", "*tune"]).status == 0)
        let order = try CLI.run(["list", store, "--order-by", "metrics.val/acc DESC"])
        #expect(order.status == 1 && order.stderr.contains("quote names with other characters, like metrics.`val/acc`"))
        #expect(try CLI.run(["list", store, "--order-by", "metrics.`val/acc` DESC"]).status == 0)
    }

    @Test("a field no run has: an error naming the closest fields, or missing everywhere with --allow-missing")
    func missingField() throws {
        let store = CLI.fixtures + "/hydraflow-sqlite"
        let result = try CLI.run(["list", store, "--where", "metrics.acuracy > 0.5"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("metrics.acuracy") && result.stderr.contains("'metrics.accuracy'") && result.stderr.contains("--allow-missing"))
        let allowed = try CLI.run(["list", store, "--where", "not metrics.acuracy > 0.5", "--allow-missing", "--format", "json", "--columns", "run_id"])
        #expect(allowed.status == 0)
        #expect(try runIDs(allowed).count == 28)
        let sorted = try CLI.run(["list", store, "--sort", "metrics.acuracy"])
        #expect(sorted.status == 1 && sorted.stderr.contains("'metrics.accuracy'"))
    }

    @Test("--sort [-]KEY, --order-by, OR and --limit together")
    func sortAndLimit() throws {
        let store = CLI.fixtures + "/hydraflow-sqlite"
        let base = ["list", store, "--format", "json", "--columns", "run_id"]
        let byOrder = try CLI.run(base + ["--where", "metrics.accuracy > 0.9 or params.lr = '0.5'", "--order-by", "metrics.accuracy DESC"])
        let bySort = try CLI.run(base + ["--where", "metrics.accuracy > 0.9 or params.lr = '0.5'", "--sort", "-metrics.accuracy"])
        let top = try CLI.run(base + ["--where", "metrics.accuracy > 0.9 or params.lr = '0.5'", "--sort", "-metrics.accuracy", "--limit", "2"])
        #expect(byOrder.status == 0 && bySort.status == 0 && top.status == 0, "\(byOrder.stderr)\(bySort.stderr)\(top.stderr)")
        let ids = try runIDs(byOrder)
        // The four lr 0.1 runs (accuracy > 0.9) by accuracy, then the FAILED lr 0.5 run, which has none.
        #expect(ids == ["19ada88b710c4a85b604ca0ba63b3bca", "cbb6ffa50dda499a84f6722325099132", "88bbbaa306f1479d88443088d4cc08d1",
                        "ecd27ed97310426a99836d364b3b720e", "6d56fcf1add54708ac7217637f69b0e6"])
        #expect(try runIDs(bySort) == ids)
        #expect(try runIDs(top) == Array(ids.prefix(2)))
        // --sort comes after --order-by: model type first, then accuracy descending within it.
        let both = try CLI.run(base + ["--order-by", "config.model.type", "--sort", "-metrics.accuracy", "--limit", "1"])
        #expect(try runIDs(both) == ["cbb6ffa50dda499a84f6722325099132"])   // the best cnn run
    }
}
