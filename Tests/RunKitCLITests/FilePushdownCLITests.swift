import Foundation
import Testing
import RunKit

/// `list --where` on an MLflow file store reads only the runs inside the query's bound whole: the
/// output, errors and suggestions included, is the same as with pushdown off (`RUNKIT_PUSHDOWN=0`).
@Suite("runkit list --where pushdown on file stores")
struct FilePushdownCLITests {
    let store = CLI.fixtures + "/mlflow-file"

    @Test("list --where prints the same with and without pushdown, errors and suggestions too", arguments: [
        ["--where", "metrics.`train/loss` < 0.5 and params.lr = '0.01'", "--format", "json"],
        ["--where", "metrics.`a/b/c` > 0 or tags.stage IS NULL", "--order-by", "metrics.accuracy DESC", "--format", "csv"],
        ["--where", "attributes.status = 'FINISHED' and params.optimizer.name IN ('adam', 'sgd')", "--all", "--format", "jsonl"],
        ["--where", "metrics.nan_metric != 1 and not params.lr != '0.01'", "--columns", "run_id,params.lr", "--format", "csv"],
        ["--where", "metrics.accuracy < -1", "--format", "json"],
        ["--where", "metrics.accuracy > 0 and metrics.acuracy > 0", "--format", "json"],
        ["--where", "metrics.accuracy > 0.5", "--columns", "run_id,params.typo", "--format", "csv"],
        ["--where", "metrics.accuracy < -1 and params.nope = 'x'", "--allow-missing", "--format", "csv"],
    ])
    func sameOutput(arguments: [String]) throws {
        try CLI.expectSameAsWholeLoad(["list", store] + arguments)
    }

    @Test("RUNKIT_QUERY_TIMINGS prints the bound the file store tested and how many runs it read whole")
    func planIsShown() throws {
        let result = try CLI.run(["list", store, "--where", "metrics.`train/loss` < 0.5 and params.lr = '0.01'", "--format", "csv"],
                                 environment: ["RUNKIT_QUERY_TIMINGS": "1"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("timing: plan: pushed ((metrics.train/loss < 0.5) AND (params.lr IN ('0.01'))) → "))
        #expect(result.stderr.contains(" candidates; residual: whole query\n"))
    }
}
