import Foundation
import Testing
import RunKit

/// `list --where` on an MLflow SQLite store pushes a superset of the query into SQL: the output is
/// the same as with pushdown off (`RUNKIT_PUSHDOWN=0`), and `RUNKIT_QUERY_TIMINGS` shows the plan.
@Suite("runkit list --where pushdown")
struct PushdownCLITests {
    let store = CLI.fixtures + "/hydraflow-sqlite"

    @Test("list --where prints the same with and without pushdown, errors too", arguments: [
        ["--where", "metrics.loss < 0.5 and params.seed = '1'", "--format", "json"],
        ["--where", "attributes.status = 'FINISHED' or tags.stage IS NULL", "--order-by", "metrics.loss DESC", "--format", "csv"],
        ["--where", "not params.lr != '0.001' and config.seed >= 1", "--columns", "run_id,params.lr,config.seed", "--format", "csv"],
        ["--where", "params.lr > 0.005", "--all", "--limit", "3", "--format", "jsonl"],
        ["--where", "metrics.loss < -1", "--format", "json"],
        ["--where", "metrics.loss < 0.5 and metrics.acuracy > 0", "--format", "json"],
        ["--where", "metrics.loss < 0.5", "--columns", "run_id,params.typo", "--format", "csv"],
        ["--where", "metrics.loss < -1 and params.nope = 'x'", "--allow-missing", "--format", "csv"],
    ])
    func sameOutput(arguments: [String]) throws {
        try CLI.expectSameAsWholeLoad(["list", store] + arguments)
    }

    @Test("RUNKIT_QUERY_TIMINGS prints what was pushed and how many candidates came back")
    func planIsShown() throws {
        let result = try CLI.run(["list", store, "--where", "metrics.loss < 0.5 and params.seed = '1'", "--format", "csv"],
                                 environment: ["RUNKIT_QUERY_TIMINGS": "1"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("timing: plan: pushed ("))
        #expect(result.stderr.contains("FROM latest_metrics WHERE key IN ('loss')"))
        #expect(result.stderr.contains("→ 2 candidates; residual: whole query"))
        let config = try CLI.run(["list", store, "--where", "config.seed = 1", "--format", "csv"], environment: ["RUNKIT_QUERY_TIMINGS": "1"])
        #expect(config.stderr.contains("timing: plan: nothing pushed"))
    }

    @Test("a bound that keeps most of a sample of the runs is not pushed; a selective one is, and RUNKIT_PUSHDOWN=always pushes any")
    func sampledSelectivity() throws {
        let timings = ["RUNKIT_QUERY_TIMINGS": "1"]
        let wide = try CLI.run(["list", store, "--where", "metrics.loss < 100", "--format", "csv"], environment: timings)
        #expect(wide.status == 0)
        #expect(wide.stderr.contains("timing: plan: not pushed: ~100% of a sample kept; residual: whole query"))
        let forced = try CLI.run(["list", store, "--where", "metrics.loss < 100", "--format", "csv"],
                                 environment: timings.merging(["RUNKIT_PUSHDOWN": "always"]) { $1 })
        #expect(forced.stderr.contains("timing: plan: pushed ("))
        #expect(forced.stdout == wide.stdout)
        let narrow = try CLI.run(["list", store, "--where", "metrics.loss < 0.5 and params.seed = '1'", "--format", "csv"], environment: timings)
        #expect(narrow.stderr.contains("→ 2 candidates; residual: whole query (~"))
        #expect(narrow.stderr.contains("% of a sample kept)"))
    }

    @Test("--explain prints the pushed bound, the residual and what is read, and exits 0 without reading the store")
    func explain() throws {
        let result = try CLI.run(["list", "/no/such/store", "--where", "metrics.loss < 0.5 and config.seed = 1", "--explain"])
        #expect(result.status == 0)
        #expect(result.stdout == "pushed (MLflow SQLite and file stores, without --index): metrics.loss < 0.5\n"
                + "  (SQLite: only when it keeps under 60% of a sample of the selected runs, checked when reading, else every selected run is loaded; file stores: always)\n"
                + "residual: metrics.loss < 0.5 and config.seed = 1\n"
                + "read (MLflow SQLite and mlruns): every run's params, metrics, tags, config and record (a whole-run view; --columns narrows it)\n")
        let none = try CLI.run(["list", "/no/such/store", "--where", "config.seed = 1", "--explain"])
        #expect(none.stdout.hasPrefix("pushed: nothing"))
        let projected = try CLI.run(["list", "/no/such/store", "--where", "metrics.loss < 0.5", "--columns", "params.seed,tags.stage", "--explain"])
        #expect(projected.stdout.hasSuffix("read (MLflow SQLite and mlruns): params(seed) metrics(loss) tags(stage)\n"))
    }
}
