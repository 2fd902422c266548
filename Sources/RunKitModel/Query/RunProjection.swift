/// Which parts of each run a load needs to read: the params, metrics and tags keys, the config,
/// the store's own run record. A store that can read part of a run (MLflow SQLite) reads only
/// these; the others read every run whole, which is correct too. A run always keeps its identity
/// and the unified attributes a store reads with it (`run_id`, `run_name`, `experiment_id`,
/// `experiment_name`, `status`, `lifecycle_stage`, `start_time`, `end_time`, `user_id`) and its
/// metric history (read when asked for).
///
/// Built from the keys a question names (`init(query:order:keys:)`), exactly as `Run.value(for:)`
/// resolves them: `params.`, `metrics.` and `tags.` keys need that key; `config.` keys the
/// config; `info.`/`attributes.` keys the record; a bare key may resolve in any of them (config
/// first), so it needs the config, that key in every namespace and the record (unless a unified
/// attribute answers it: `run_id`, `status`, … but not `run_dir`/`artifacts_dir`); a key with `__`
/// also needs its alias. A `history.` key (a reduction like `min(history.loss)` included) names
/// its metric in `histories`: a store that can read one metric's history without the others
/// (MLflow SQLite, with the load; MLflow's file store, its one file) reads only those when a run's
/// history of them is asked; every other history is still read when asked for.
///
/// ```swift
/// let projection = RunProjection(query: try Query("metrics.loss < 0.5"), keys: ["params.seed"])
/// projection.params    // ["seed"]
/// projection.metrics   // ["loss"]
/// projection.config    // false: no config file is read
/// var options = LoadOptions(); options.projection = projection
/// ```
package struct RunProjection: Sendable, Hashable, CustomStringConvertible {
    /// The params keys to read; nil: every key.
    package var params: Set<String>?
    /// The latest-metric keys to read; nil: every key.
    package var metrics: Set<String>?
    /// The tag keys to read; nil: every key.
    package var tags: Set<String>?
    /// Whether the run's config is read (a Hydra `config.yaml`, parsed).
    package var config: Bool
    /// The bare keys the config is read for, when only bare keys need it; nil when the whole
    /// config is needed (a `config.` key, or everything). A config whose text cannot hold any
    /// of them need not be parsed (`configTextNeedles`).
    package var configKeys: Set<String>?
    /// Whether the store's own run record (`info.*`: the raw columns of MLflow's `runs` row) and
    /// the run's folders (`run_dir`, `artifacts_dir`) are read.
    package var attributes: Bool
    /// The metrics whose histories the question reads (`history.KEY`, reductions of it): MLflow
    /// SQLite reads them for every loaded run with the load, in one query, and MLflow's file store
    /// reads only their files when asked (`MetricHistoryReader`). Not a restriction: a run still
    /// reads its other histories when asked. Apart from `isEverything`.
    package var histories: Set<String> = []

    package init(params: Set<String>?, metrics: Set<String>?, tags: Set<String>?, config: Bool, attributes: Bool) {
        self.params = params
        self.metrics = metrics
        self.tags = tags
        self.config = config
        self.configKeys = config ? nil : []
        self.attributes = attributes
    }

    /// Every part of every run (a load without a projection).
    package static let everything = RunProjection(params: nil, metrics: nil, tags: nil, config: true, attributes: true)

    /// Only what every run keeps (identity, unified attributes, history on demand).
    package static let identity = RunProjection(params: [], metrics: [], tags: [], config: false, attributes: false)

    /// The projection of what `query` (nil: none), `order` and `keys` (as `Run.value(for:)` reads
    /// them) name.
    package init(query: Query? = nil, order: [OrderTerm] = [], keys: [String] = []) {
        self = .identity
        for field in (query?.fields ?? []) + order.map(\.field) { include(field) }
        for key in keys { include(FieldKey(key)) }
    }

    /// A run's info with nothing but the unified attributes, to ask which names they answer.
    private static let unifiedAttributes = RunInfo(runID: "")

    /// Whether every part is read.
    package var isEverything: Bool {
        params == nil && metrics == nil && tags == nil && config && configKeys == nil && attributes
    }

    /// Adds what a query field needs: its key and its `__` alias.
    package mutating func include(_ field: QueryField) {
        include(field.key)
    }

    /// Adds what `key` needs (and its `__` alias).
    package mutating func include(_ key: FieldKey) {
        let name = key.name
        switch key.namespace {
        case .params: params?.insert(name)
        case .metrics: metrics?.insert(name)
        case .tags: tags?.insert(name)
        case .config:
            config = true
            configKeys = nil
        case .info: attributes = true
        case .history: histories.insert(name)
        case .bare:
            params?.insert(name)
            metrics?.insert(name)
            tags?.insert(name)
            config = true
            configKeys?.insert(name)
            // A unified attribute answers a bare key before the raw record does (`Run.value(for:)`);
            // of those, only the run's folders come with `attributes`.
            let unified = Self.unifiedAttributes.attribute(name) != nil && name != "run_dir" && name != "artifacts_dir"
            attributes = attributes || !unified
        }
        if let alias = key.underscoreAlias, alias != key { include(alias) }
    }

    /// Texts of which a config's YAML must contain one (byte for byte) to hold any of
    /// `configKeys`; nil when every config read must be parsed (the whole config is needed, or a
    /// key's top-level name has a spelling that cannot be listed, or is a list index).
    ///
    /// A config holds bare key `a.b` (or `a__b`) only under a top-level key that starts with its
    /// first path component `a`, and YAML text spells a key's characters literally except through
    /// escapes (`\x61`, `\u0061`, an escaped line break), which all start with a backslash: so a
    /// text with no backslash and none of these spellings (every byte spelling Swift counts equal,
    /// `StoredTest.spellings(of:)`) cannot hold the key.
    ///
    /// ```swift
    /// RunProjection(keys: ["status"]).configTextNeedles    // ["status"]
    /// RunProjection(keys: ["config.lr"]).configTextNeedles // nil: parse every config
    /// ```
    package var configTextNeedles: [String]? {
        guard config, let configKeys else { return nil }
        // By bytes: a `Set<String>` would keep one of `K` and `\u{212A}`, which Swift counts equal.
        var needles: Set<[UInt8]> = []
        for key in configKeys {
            let components = ConfigValue.pathComponents(key.replacingOccurrences(of: "__", with: "."))
            guard let first = components.first, Int(first) == nil,
                  let spellings = StoredTest.spellings(of: first) else { return nil }
            needles.formUnion(spellings.map { Array($0.utf8) })
        }
        return needles.sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// For the plan line: `params(seed) metrics(loss) config` (`everything` when nothing is left out).
    package var description: String {
        let histories = histories.isEmpty ? nil : "histories(" + histories.sorted().joined(separator: ", ") + ")"
        if isEverything { return "everything" + (histories.map { " " + $0 } ?? "") }
        func keys(_ name: String, _ keys: Set<String>?) -> String? {
            guard let keys else { return name + "(all)" }
            return keys.isEmpty ? nil : name + "(" + keys.sorted().joined(separator: ", ") + ")"
        }
        let parts = [keys("params", params), keys("metrics", metrics), keys("tags", tags),
                     config ? (configKeys.map { "config(if it may hold " + $0.sorted().joined(separator: ", ") + ")" } ?? "config") : nil, attributes ? "attributes" : nil].compactMap(\.self)
        let read = parts + [histories].compactMap(\.self)
        return read.isEmpty ? "run ids and unified attributes only" : read.joined(separator: " ")
    }
}
