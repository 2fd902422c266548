import OrderedCollections

/// What a `Run` computes on first use and keeps: its metric history (whole, or metric by metric), its flattened config and the
/// objects built from it (`Run.implementation(_:make:)`). A run holds one, behind one lock
/// (`Locked`) that is held only to look a value up or store it, never while computing one.
///
/// One lock for the three, not one each: every loaded run pays for its caches at load time, and
/// three locked caches were nine heap objects a run (two objects now).
struct RunCacheState {
    var history: OrderedDictionary<String, [MetricPoint]>?
    /// Histories of single metrics read alone (`MetricHistoryReader`), nil for a metric never logged.
    var metricHistories: [String: [MetricPoint]?] = [:]
    var flatConfig: OrderedDictionary<String, ConfigValue>?
    var implementations: [ObjectIdentifier: Any] = [:]
}
