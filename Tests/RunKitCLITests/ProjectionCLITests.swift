import Foundation
import Testing
import RunKit

/// `list --columns`, `group`, `best` and `plot` read only the keys they name from an MLflow SQLite
/// store (`RunProjection`): the output, errors and exit status are those of a whole load
/// (`RUNKIT_PUSHDOWN=0`), and `RUNKIT_QUERY_TIMINGS` names the projection.
@Suite("runkit projected loads")
struct ProjectionCLITests {
    let store = CLI.fixtures + "/hydraflow-sqlite"

    @Test("projected commands print what a whole load prints, errors too", arguments: [
        ["list", "--columns", "run_id,metrics.loss,params.seed", "--format", "csv"],
        ["list", "--where", "metrics.loss < 0.5 and params.seed = '1'", "--columns", "run_id,metrics.loss", "--order-by", "metrics.loss", "--format", "json"],
        ["list", "--where", "config.seed >= 1", "--columns", "status,model__type,info.artifact_uri,run_dir", "--format", "csv"],
        ["list", "--columns", "metrics.loss,params.sed", "--format", "csv"],
        ["list", "--where", "metrics.los < 1", "--columns", "metrics.loss", "--format", "csv"],
        ["list", "--columns", "metrics.loss", "--order-by", "params.typo", "--format", "csv"],
        ["group", "--by", "params.seed", "--agg", "mean(metrics.loss)", "--agg", "count()", "--format", "csv"],
        ["group", "--where", "metrics.loss < 0.9", "--by", "params.lr,tags.stage", "--agg", "max(metrics.accuracy)", "--format", "json"],
        ["group", "--by", "params.sed", "--agg", "mean(metrics.loss)", "--format", "csv"],
        ["group", "--by", "params.seed", "--agg", "mean(metrics.los)", "--format", "csv"],
        ["group", "--by", "model.type", "--agg", "mean(history.loss)", "--format", "csv"],
        ["best", "--by", "params.seed", "--choose", "params.lr", "--metric", "mean(metrics.loss)", "--min", "--format", "csv"],
        ["best", "--choose", "params.lr", "--metric", "mean(metrics.los)", "--max", "--format", "csv"],
        ["plot", "--kind", "bar", "--metric", "metrics.loss", "--by", "params.seed"],
        ["plot", "--kind", "curve", "--metric", "loss", "--by", "params.seed", "--where", "params.seed = '1'"],
        ["plot", "--kind", "scatter", "--x", "params.lr", "--y", "metrics.los"],
    ])
    func sameOutput(arguments: [String]) throws {
        try CLI.expectSameAsWholeLoad([arguments[0], store] + arguments.dropFirst())
    }

    @Test("RUNKIT_QUERY_TIMINGS names the projection; a whole-run view reads everything")
    func planNamesProjection() throws {
        let timings = ["RUNKIT_QUERY_TIMINGS": "1"]
        let list = try CLI.run(["list", store, "--columns", "metrics.loss,params.seed", "--format", "csv"], environment: timings)
        #expect(list.status == 0)
        #expect(list.stderr.contains("timing: plan: nothing pushed (no --where); projection: params(seed) metrics(loss)\n"))
        let pushed = try CLI.run(["list", store, "--where", "metrics.loss < 0.5 and params.seed = '1'", "--columns", "run_id",
                                  "--format", "csv"], environment: timings)
        #expect(pushed.stderr.contains("→ 2 candidates; residual: whole query (~"))
        #expect(pushed.stderr.contains("; projection: params(run_id, seed) metrics(loss, run_id) tags(run_id) config(if it may hold run_id)\n"))
        let group = try CLI.run(["group", store, "--by", "params.seed", "--agg", "mean(metrics.loss)"], environment: timings)
        #expect(group.stderr.contains("projection: params(seed) metrics(loss)\n"))
        let reduced = try CLI.run(["group", store, "--by", "params.seed", "--agg", "mean(min(history.loss))", "--order-by", "argmax(accuracy)"],
                                  environment: timings)
        #expect(reduced.stderr.contains("projection: params(seed) histories(accuracy, loss)\n"), "\(reduced.stderr)")
        let whole = try CLI.run(["list", store, "--format", "csv"], environment: timings)
        #expect(!whole.stderr.contains("projection"))
        let typo = try CLI.run(["group", store, "--by", "params.sed"], environment: timings)
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("timing: plan: the planned load gave an error; loading every run whole to answer as without a plan"))
    }

    @Test("a damaged config that a projected load does not read or parse is not reported; one it parses is (exit 2)")
    func damagedConfigNotRead() throws {
        let folder = try CLI.temporaryFolder("runkit-projection")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/store"
        try FileManager.default.copyItem(atPath: store, toPath: copy)
        let config = copy + "/mlruns/2/680d4ff152cd4a52af3db62754ef35e3/artifacts/.hydra/config.yaml"
        try "model: [unclosed\n".write(toFile: config, atomically: true, encoding: .utf8)
        // A bare key may be a config key: a config whose text may hold it is parsed ...
        let bare = try CLI.run(["list", copy, "--columns", "model,metrics.loss", "--format", "csv"])
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("config.yaml"))
        // ... one that cannot (no `run_id` in it, no backslash) is not.
        let metrics = try CLI.run(["list", copy, "--columns", "run_id,metrics.loss", "--format", "csv"])
        #expect(metrics.status == 0)
        #expect(metrics.stderr.isEmpty)
        let params = try CLI.run(["list", copy, "--columns", "params.seed,metrics.loss", "--format", "csv"])
        #expect(params.status == 0)
        #expect(params.stderr.isEmpty)
        let group = try CLI.run(["group", copy, "--by", "params.seed", "--agg", "count()", "--format", "csv"])
        #expect(group.status == 0)
        let configs = try CLI.run(["group", copy, "--by", "config.seed", "--format", "csv"])
        #expect(configs.status == 2)
    }
}
