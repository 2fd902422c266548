import RunKitModel
import RunKitStores

extension RemoteRunRecord {
    /// Whether `bound` may hold for this run, tested on what `runs/search` gave (its info, params,
    /// latest metrics and tags) before its config is read: false only when the run certainly
    /// cannot match the question. A test the record cannot answer yet passes (a superset): a
    /// metric's history (`.history`, not fetched here) and `run_dir`/`artifacts_dir` (known once
    /// the config's place is).
    ///
    /// ```swift
    /// let candidates = records.filter { $0.mayMatch(try Query("metrics.loss < 0.5").bound) }
    /// ```
    func mayMatch(_ bound: QueryBound) -> Bool {
        let run = Run(info: info, params: params, metrics: metrics, tags: tags)
        return bound.holds { test in
            switch test.namespace {
            case .history: return true
            case .info where ["run_dir", "artifacts_dir"].contains(test.name): return true
            default: return test.holds(for: run.value(for: FieldKey(namespace: test.namespace, name: test.name)))
            }
        }
    }
}
