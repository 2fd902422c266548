import OrderedCollections

/// One pass over runs collecting the keys of some namespaces, in first-seen order as
/// `Run.fields()` lists them, each with its distinct values (`DistinctValues`): what
/// `VaryingField.find` needs, without building every run's fields or parsing a key per run.
/// Scans of consecutive chunks of runs merge into the scan of all of them.
///
/// ```swift
/// var scan = VaryingFieldScan(namespaces: [.config], firstRun: 0)
/// for (index, run) in runs.enumerated() { scan.add(run, index) }
/// scan.finish(endRun: runs.count)
/// ```
struct VaryingFieldScan: Sendable {
    let namespaces: [FieldKey.Namespace]
    private(set) var keys = OrderedSet<String>()
    private(set) var values: [DistinctValues] = []
    /// False when walking a config tree may find another value than `Run.value(for:)` does for
    /// its flattened key: a map key that is empty or holds `.`, `[` or `]`, or a key that is a map
    /// in one run and a value in another.
    private(set) var configWalkIsExact = true
    private let firstRun: Int
    /// The config keys seen as a tree: children by map key, and the key index of each leaf.
    private var children: [[String: Int]] = [[:]]
    private var paths: [String] = [""]
    private var leafKeys: [Int?] = [nil]
    private var mapPaths = Set<String>()
    /// Non-config names already seen, per namespace, with their key index.
    private var named: [FieldKey.Namespace: [String: Int]] = [:]

    init(namespaces: [FieldKey.Namespace], firstRun: Int) {
        self.namespaces = namespaces
        self.firstRun = firstRun
    }

    /// Adds run number `index`.
    mutating func add(_ run: Run, _ index: Int) {
        for namespace in [FieldKey.Namespace.config, .metrics, .params, .tags, .info] where namespaces.contains(namespace) {
            switch namespace {
            case .config: walk(run.config, node: 0, index)
            case .metrics: addNamed(.metrics, run.metricNames.map { ($0, run.metric($0)!) }, run, index)
            case .params: addNamed(.params, run.sortedParams.map { ($0.key, .string($0.value)) }, run, index)
            case .tags: addNamed(.tags, run.sortedTags.map { ($0.key, .string($0.value)) }, run, index)
            default:
                // The store's own info only (MLflow's run record, MLXP's info.yaml, malet's info
                // columns), as MLXP's `diff("info")`: not RunKit's unified attributes (run_dir, …).
                addNamed(.info, Array(run.info.raw.elements), run, index)
            }
        }
    }

    /// Counts the runs up to `endRun` (exclusive) that lacked a key as null.
    mutating func finish(endRun: Int) {
        values = values.map { $0.finish(endRun: endRun) }
    }

    /// Adds the scan of the runs that follow (already finished).
    mutating func append(_ later: VaryingFieldScan) {
        for (key, laterValues) in zip(later.keys, later.values) {
            let (inserted, index) = keys.append(key)
            if inserted { values.append(DistinctValues(firstRun: firstRun)) }
            values[index].append(laterValues)
        }
        mapPaths.formUnion(later.mapPaths)
        configWalkIsExact = configWalkIsExact && later.configWalkIsExact
            && !mapPaths.contains { keys.contains("config." + $0) }
    }

    private mutating func walk(_ value: ConfigValue, node: Int, _ run: Int) {
        if case .map(let map) = value, !map.isEmpty {
            if !paths[node].isEmpty, mapPaths.insert(paths[node]).inserted, leafKeys[node] != nil { configWalkIsExact = false }
            for (key, child) in map {
                walk(child, node: self.child(of: node, key), run)
            }
        } else if !paths[node].isEmpty {
            if leafKeys[node] == nil {
                if mapPaths.contains(paths[node]) { configWalkIsExact = false }
                leafKeys[node] = index(of: "config." + paths[node])
            }
            values[leafKeys[node]!].add(value, run: run)
        }
    }

    private mutating func child(of node: Int, _ key: String) -> Int {
        if let found = children[node][key] { return found }
        if key.isEmpty || key.contains(where: { $0 == "." || $0 == "[" || $0 == "]" }) { configWalkIsExact = false }
        let new = children.count
        children[node][key] = new
        children.append([:])
        paths.append(paths[node].isEmpty ? key : paths[node] + "." + key)   // as `flattened()` joins
        leafKeys.append(nil)
        return new
    }

    /// Entries of a namespace in `fields()` order; a name `FieldKey` would read differently
    /// (quoted) takes its value as `Run.value(for:)` finds it.
    private mutating func addNamed(_ namespace: FieldKey.Namespace, _ entries: [(String, ConfigValue)], _ run: Run, _ index: Int) {
        // An empty name reads as a bare key (`FieldKey("params.")`), so it is no key of the namespace.
        for (name, value) in entries where !name.isEmpty {
            let keyIndex = named[namespace]?[name] ?? {
                let new = self.index(of: namespace.prefix + name)
                named[namespace, default: [:]][name] = new
                return new
            }()
            let exact = FieldKey.unquoted(name) == name ? value : (run.value(for: namespace.prefix + name) ?? .null)
            values[keyIndex].add(exact, run: index)
        }
    }

    /// The index of a key, added when new.
    private mutating func index(of key: String) -> Int {
        let (inserted, index) = keys.append(key)
        if inserted { values.append(DistinctValues(firstRun: firstRun)) }
        return index
    }
}
