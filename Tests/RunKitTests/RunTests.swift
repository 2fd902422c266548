import Foundation
import Testing
@testable import RunKit

@Suite("Run")
struct RunTests {
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var count = 0
        func increment() { lock.lock(); count += 1; lock.unlock() }
    }

    func makeRun(historyCalls: Counter = Counter()) -> Run {
        Run(info: RunInfo(runID: "abc123", runName: "mlp-lr0.1", experimentID: "1", experimentName: "train",
                          status: .finished, startTime: 10, artifactsDirectory: "/tmp/artifacts",
                          raw: ["status": "FINISHED", "source_type": "LOCAL", "seed": "raw-seed"]),
            config: ["model": ["type": "mlp", "hidden_size": 128], "optimizer": ["lr": 0.1], "seed": 1, "loss": "config-loss"],
            params: ["lr": "0.1", "batch size": "64", "model.type": "mlp"],
            metrics: ["loss": 0.25, "val/acc": 0.9],
            tags: ["stage": "dev", "mlflow.runName": "mlp-lr0.1"],
            history: {
                historyCalls.increment()
                return ["loss": [MetricPoint(step: 0, timestamp: 1, value: 1.0), MetricPoint(step: 1, timestamp: 2, value: 0.25)]]
            })
    }

    @Test("namespaces and their aliases")
    func namespaces() throws {
        let run = makeRun()
        #expect(try run.requiredValue(for: "config.model.type") == "mlp")
        #expect(try run.requiredValue(for: "cfg.model.type") == "mlp")
        #expect(try run.requiredValue(for: "metrics.loss") == 0.25)
        #expect(try run.requiredValue(for: "metric.val/acc") == 0.9)
        #expect(try run.requiredValue(for: "metrics.`val/acc`") == 0.9)
        #expect(try run.requiredValue(for: "params.lr") == "0.1")
        #expect(try run.requiredValue(for: "param.batch size") == "64")
        #expect(try run.requiredValue(for: "parameters.\"batch size\"") == "64")
        #expect(try run.requiredValue(for: "params.model.type") == "mlp", "a param key holding a dot")
        #expect(try run.requiredValue(for: "tags.stage") == "dev")
        #expect(try run.requiredValue(for: "tag.mlflow.runName") == "mlp-lr0.1")
        #expect(try run.requiredValue(for: "info.source_type") == "LOCAL")
        #expect(try run.requiredValue(for: "attributes.run_id") == "abc123")
        #expect(try run.requiredValue(for: "attr.experiment_name") == "train")
        #expect(try run.requiredValue(for: "run.start_time") == 10)
        #expect(try run.requiredValue(for: "history.loss") == [1.0, 0.25])
    }

    @Test("bare keys: config, then metrics, params, tags, info")
    func bareOrder() throws {
        let run = makeRun()
        #expect(try run.requiredValue(for: "loss") == "config-loss", "config wins over metrics")
        #expect(try run.requiredValue(for: "val/acc") == 0.9)
        #expect(try run.requiredValue(for: "batch size") == "64")
        #expect(try run.requiredValue(for: "stage") == "dev")
        #expect(try run.requiredValue(for: "source_type") == "LOCAL")
        #expect(try run.requiredValue(for: "run_id") == "abc123")
        #expect(try run.requiredValue(for: "job_name") == "train", "HydraFlow's job_name is the experiment name")
        #expect(try run.requiredValue(for: "model__hidden_size") == 128)
        #expect(try run.requiredValue(for: "seed") == 1, "config before raw info")
    }

    @Test("defaults: a value, or a closure receiving the run; a stored null wins")
    func defaults() throws {
        let run = Run(info: RunInfo(runID: "x"), config: ["dropout": nil, "lr": 0.1])
        #expect(run.value(for: "missing", default: 5) == 5)
        #expect(run.value(for: "dropout", default: 0.5) == .null)
        let computed = run.value(for: "scaled") { run in .double((run.value(for: "lr", default: 0).doubleValue ?? 0) * 10) }
        #expect(computed == 1.0)
    }

    @Test("a missing key names the key and the closest keys")
    func missingKey() {
        let run = makeRun()
        do {
            _ = try run.requiredValue(for: "model.hiden_size")
            Issue.record("no error")
        } catch let error as RunKitError {
            #expect(error.kind == .keyNotFound)
            #expect(error.description.hasPrefix("No such key: model.hiden_size"))
            #expect(error.description.contains("model.hidden_size"))
        } catch { Issue.record("\(error)") }
    }

    @Test("history is loaded lazily and only once")
    func lazyHistory() throws {
        let counter = Counter()
        let run = makeRun(historyCalls: counter)
        #expect(counter.count == 0)
        _ = try run.history("loss")
        _ = try run.metricHistory()
        _ = run.value(for: "history.loss")
        #expect(counter.count == 1)
        #expect(try run.history("nope") == nil)
    }

    @Test("latest metric value by MLflow's rule")
    func latestRule() {
        let points = [
            MetricPoint(step: 0, timestamp: 5, value: 1), MetricPoint(step: 2, timestamp: 1, value: 3),
            MetricPoint(step: 1, timestamp: 9, value: 7), MetricPoint(step: 2, timestamp: 1, value: 4),
            MetricPoint(step: 2, timestamp: 1, value: 2),
        ]
        #expect(MetricPoint.latest(of: points)?.value == 4)
        let nanLast = [MetricPoint(step: 0, timestamp: 1, value: 1), MetricPoint(step: 1, timestamp: 1, value: .nan)]
        #expect(MetricPoint.latest(of: nanLast)?.value.isNaN == true)
    }

    struct Config: Decodable {
        struct Model: Decodable { var type: String; var hidden_size: Int }
        var model: Model
        var seed: Int
    }

    @Test("typed config decoding, with an error naming the field")
    func typedConfig() throws {
        let run = makeRun()
        let config = try run.decodeConfig(as: Config.self)
        #expect(config.model.type == "mlp")
        #expect(config.model.hidden_size == 128)
        struct Wrong: Decodable { var epochs: Int }
        do { _ = try run.decodeConfig(as: Wrong.self); Issue.record("no error") } catch let error as RunKitError {
            #expect(error.description.contains("epochs"))
            #expect(error.description.contains("abc123"))
        }
    }

    @Test("implementation objects are built once per run and type, never for a key lookup")
    func implementations() {
        final class Model: Sendable { let path: String?; init(path: String?) { self.path = path } }
        let counter = Counter()
        let run = makeRun()
        _ = run.value(for: "model.type")
        #expect(counter.count == 0)
        let first = run.implementation(Model.self) { artifacts, _ in counter.increment(); return Model(path: artifacts?.path) }
        let second = run.implementation(Model.self) { artifacts, _ in counter.increment(); return Model(path: artifacts?.path) }
        #expect(first === second)
        #expect(counter.count == 1)
        #expect(first.path == "/tmp/artifacts")
    }

    @Test("an implementation may ask its run for the history and the flat config while being made")
    func implementationReadsRunCaches() throws {
        let run = makeRun()
        let keys = try run.implementation(of: [String].self) {
            Array(run.flatConfig.keys) + Array(try run.metricHistory().keys)
        }
        #expect(keys == Array(run.flatConfig.keys) + Array(try run.metricHistory().keys))
        #expect(try run.implementation(of: [String].self) { [] } == keys)
    }

    @Test("the JSON record follows the CLI contract")
    func record() throws {
        let record = makeRun().record()
        #expect(Array(record.mapValue!.keys) == ["run_id", "run_name", "experiment_id", "experiment_name", "status", "lifecycle_stage",
                                                  "start_time", "end_time", "run_dir", "artifacts_dir", "config", "params", "metrics", "tags", "info"])
        #expect(record["end_time"] == .null)
        let withHistory = try makeRun().recordWithHistory()
        #expect(withHistory["metric_history"]?["loss"] == [[0, 1, 1.0], [1, 2, 0.25]])
    }

    @Test("writeRecord writes the bytes JSONWriter writes for record()",
          arguments: ["hydraflow-sqlite", "mlflow-file", "mlxp-logs/logs", "malet/exp_edge_values", "malet/exp_splits"])
    func writeRecord(store: String) throws {
        var runs = try RunStore.load(Fixtures.path(store), LoadOptions(view: .all)).runs
        runs.append(makeRun())
        #expect(runs.count > 1)
        for run in runs {
            var bytes: [UInt8] = []
            run.writeRecord(into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JSONWriter.string(run.record()), "\(store): \(run.id)")
        }
    }
}
