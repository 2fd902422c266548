import Foundation
import Testing

/// `runkit plot --kind parallel`.
@Suite("Parallel plot CLI")
struct ParallelPlotCLITests {
    @Test("plot --kind parallel: the varying config keys (or --by, or --by-all-except), then the metric; --log-axes")
    func parallel() throws {
        let store = CLI.fixtures + "/hydraflow-sqlite"
        let plot = try CLI.run(["plot", store, "--experiment", "train", "--kind", "parallel", "--metric", "max(history.`val/acc`)",
                                "--by-all-except", "seed,train.fail_at_epoch"])
        #expect(plot.status == 0, "\(plot.stderr)")
        #expect(plot.stdout.hasPrefix("<svg") || plot.stdout.hasPrefix("<?xml"))
        for label in ["config.model.type", "config.optimizer.lr", "max(history.`val/acc`)", "log"] {
            #expect(plot.stdout.contains(">\(label)</text>"), "\(label)")
        }
        #expect(plot.stdout.components(separatedBy: "<polyline").count - 1 == 12)
        let chosen = try CLI.run(["plot", store, "--experiment", "train", "--kind", "parallel", "--by", "seed,model.type", "--color", "optimizer.lr", "--log-axes", "seed"])
        #expect(chosen.status == 0 && chosen.stdout.contains(">seed</text>") && chosen.stdout.contains(">optimizer.lr</text>"), "\(chosen.stderr)")
        let all = try CLI.run(["plot", store, "--experiment", "train", "--kind", "parallel"])
        #expect(all.status == 0 && all.stdout.contains(">config.seed</text>"), "\(all.stderr)")
    }
}
