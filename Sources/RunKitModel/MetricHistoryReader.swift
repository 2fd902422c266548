/// How a run reads one metric's history without reading the others, where its store can: MLflow
/// SQLite from the histories its load read for the keys a question names (`RunProjection.histories`),
/// MLflow's file store from that metric's own file. `Run.history(_:)` asks it first, for a key it
/// `answers`, unless the run's whole history is already read; `Run.metricHistory()` still reads
/// every metric. It must give exactly what the whole history holds for the key (the same points,
/// in the same order), or nil when the run never logged the metric.
///
/// ```swift
/// let reader = MetricHistoryReader(answering: ["loss"]) { key in histories[key] }
/// let run = Run(info: info, history: readEverything, reading: reader)
/// try run.history("loss")   // read by the reader: no other metric is read
/// ```
package struct MetricHistoryReader: Sendable {
    /// The keys it answers; nil: every key.
    package let keys: Set<String>?
    /// One metric's history, or nil when the run never logged it.
    package let read: @Sendable (String) throws -> [MetricPoint]?

    /// A reader of the metrics `keys` (nil: of every metric), each read by `read`.
    package init(answering keys: Set<String>?, read: @escaping @Sendable (String) throws -> [MetricPoint]?) {
        self.keys = keys
        self.read = read
    }

    /// Whether it answers `key` (by Swift's string equality, as a history's keys are looked up).
    package func answers(_ key: String) -> Bool {
        keys?.contains(key) ?? true
    }
}
