@_spi(RunKitInternals) import RunKitSupport
import OrderedCollections
import RunKit

/// The JSON API of `runkit serve` (docs/serve.md), independent of HTTP: a path and a query
/// string in, an `APIResponse` out. Answers come from the runs a `Dashboard` keeps in memory,
/// computed by the same library calls the CLI makes, so they equal the CLI's output.
///
/// ```swift
/// let api = DashboardAPI(dashboard: try Dashboard(locations: ["project"]))
/// let page = api.respond(path: "/api/runs", query: "where=metrics.loss%3C0.5&order_by=metrics.loss&limit=10")
/// // 200 {"total": 12, "runs": [ …records as `runkit list --format json` prints them… ]}
/// ```
public struct DashboardAPI: Sendable {
    public let dashboard: Dashboard
    /// The most rows one `/api/runs` page returns.
    public static let maxLimit = 10_000
    /// The most entries an artifacts listing returns.
    static let maxArtifacts = 2_000

    /// The selections of the last few requests, so paging through one query filters and sorts
    /// once per store version.
    private let selections = Locked<(version: Int, entries: [SelectionKey: [Selected]])>((0, [:]))
    /// Each store's runs in the order of the last few `order_by`s of the current version, so a new
    /// `where` with the same order only filters (a filter keeps the order; the sort is stable).
    private let orders = Locked<(version: Int, entries: [OrderKey: [Int]])>((0, [:]))
    /// `/api/fields` and `/api/varying` answers of the current version (a scan of every run each:
    /// about a second at 10,000 runs), by path and query; `warm()` computes the page's first.
    private let summaries = Locked<(version: Int, entries: [String: APIResponse])>((0, [:]))
    /// Each store's field tallies (by location), brought up to its runs at each `/api/fields`:
    /// after a change only the chunks holding re-read runs are tallied again (`FieldTallies`).
    private let fieldTallies = Locked<[String: FieldTallies]>([:])

    public init(dashboard: Dashboard) {
        self.dashboard = dashboard
    }

    /// The answer to `GET path?query`. A bad request is a 4xx with `{"error": …}`, never a 500.
    public func respond(path: String, query: String?) -> APIResponse {
        let parameters = APIParameters(query)
        do {
            switch path {
            case "/", "/index.html": return APIResponse(contentType: "text/html; charset=utf-8", body: Array(DashboardPage.html.utf8))
            case "/api/version": return version()
            case "/api/runs": return try runs(parameters)
            case "/api/group": return try group(parameters)
            case "/api/fields": return try summary(path, query) { try fields(parameters) }
            case "/api/varying": return try summary(path, query) { try varying(parameters) }
            default:
                if path.hasPrefix("/api/runs/") { return try run(String(path.dropFirst("/api/runs/".count)), parameters) }
                throw DashboardError(.notFound, "No such page or endpoint: \(path) (the API is /api/runs, /api/runs/RUN_ID, /api/group, /api/fields, /api/varying, /api/version).")
            }
        } catch let error as DashboardError {
            return .error(error)
        } catch let error as RunKitError {
            let status: DashboardError.Status = error.kind == .runNotFound ? .notFound : .badRequest
            return .error(DashboardError(status, error.description))
        } catch {
            return .error(DashboardError(.badRequest, "\(error)"))
        }
    }

    /// Computes the summaries the page asks for first, so its first load finds them ready.
    public func warm() {
        _ = respond(path: "/api/varying", query: "sample=\(Self.varyingSample)")
        _ = respond(path: "/api/fields", query: nil)
    }

    /// The sample `/api/varying?sample=N` looks at when the page picks its default columns.
    public static let varyingSample = 2_000

    /// `compute()`, kept for the current version under `path?query`; errors are not kept.
    func summary(_ path: String, _ query: String?, _ compute: () throws -> APIResponse) throws -> APIResponse {
        let version = dashboard.version
        let key = path + "?" + (query ?? "")
        if let kept = summaries.withLock({ $0.version == version ? $0.entries[key] : nil }) { return kept }
        let response = try compute()
        summaries.withLock { cache in
            if cache.version != version || cache.entries.count >= 64 { cache = (version, [:]) }
            cache.entries[key] = response
        }
        return response
    }

    // MARK: - Endpoints

    /// `{"version": N, "stores": [{"store", "kind", "path", "runs", "generation", "reread", "watch", "warnings", "reload_error"}]}`.
    func version() -> APIResponse {
        let stores = dashboard.stores
        let described: [ConfigValue] = stores.map { store in
            ["store": .string(store.name), "kind": .string(store.reader.kind.rawValue), "path": .string(store.reader.path),
             "runs": .int(store.runs.count), "generation": .int(store.generation), "reread": .int(store.reread), "watch": .string(store.watching),
             "warnings": .list(store.warnings.map { .string($0.message) }),
             "reload_error": store.reloadError.map(ConfigValue.string) ?? .null]
        }
        return .json(["version": .int(dashboard.version), "stores": .list(described)])
    }

    /// `{"total": N, "runs": [records]}`, or rows keyed by `columns`.
    func runs(_ parameters: APIParameters) throws -> APIResponse {
        let limit = try parameters.integer("limit", default: 100, maximum: Self.maxLimit)
        let offset = try parameters.integer("offset", default: 0, maximum: Int(Int32.max))
        let (stores, selected) = try select(parameters)
        let columns = parameters.list("columns")
        if let columns { try RunListView.checkColumns(columns, in: stores.flatMap(\.runs)) }
        let page = selected.dropFirst(offset).prefix(limit)
        var bytes = Array("{\"total\":\(selected.count),\"runs\":[".utf8)
        for (position, entry) in page.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            let run = entry.run
            if let columns {
                var row = OrderedDictionary<String, ConfigValue>()
                for column in columns { row[column] = run.value(for: column) ?? .null }
                JSONWriter.write(.map(row), into: &bytes)
            } else if stores.count > 1 || dashboard.stores.count > 1 {
                JSONWriter.write(labelled(run.record(), store: stores[entry.store]), into: &bytes)
            } else {
                run.writeRecord(into: &bytes)
            }
        }
        bytes.append(contentsOf: "]}".utf8)
        return .json(bytes: bytes)
    }

    /// The `group --format json` rows of the selected runs.
    func group(_ parameters: APIParameters) throws -> APIResponse {
        let keys = parameters.list("by") ?? []
        let specs = parameters.all("agg")
        let aggregations = try (specs.isEmpty ? ["count()"] : specs).map { try Aggregation<Run>($0) }
        let alignment = try parameters.first("align").map { text in
            guard let alignment = CurveAlignment(rawValue: text) else {
                throw DashboardError(.badRequest, "align must be longest, shortest or equal, not '\(text)'.")
            }
            return alignment
        } ?? .longest
        let (_, selected) = try select(parameters)
        let runs = RunCollection(selected.map(\.run))
        let table = try runs.aggregated(by: keys, aggregations, alignment: alignment)
        return .json(bytes: Array(table.rendered(as: .json).utf8))
    }

    /// The `fields --format json` rows of the selected stores, from their kept tallies.
    func fields(_ parameters: APIParameters) throws -> APIResponse {
        let stores = try dashboard.stores(selectedBy: parameters.first("store"))
        let tallies = stores.map { store in
            let updated = (fieldTallies.withLock { $0[store.location] } ?? FieldTallies()).updated(for: store.runs)
            fieldTallies.withLock { $0[store.location] = updated }
            return updated
        }
        let rows: [[ConfigValue]] = FieldTallies.summaries(of: tallies).map { field in
            [.string(field.key), .string(field.namespace.rawValue), .string(field.types.joined(separator: "|")), .int(field.count)]
        }
        return .json(bytes: Array(RowsRenderer.render(columns: ["field", "namespace", "type", "runs"], rows: rows, format: .json).utf8))
    }

    /// The keys whose values differ between the selected runs (`varyingKeys()`: config, params…),
    /// then every metric key: the page's default columns and axes. `sample=N` looks at N runs
    /// spread evenly over the selection instead of all (a key varying only outside them is missed).
    func varying(_ parameters: APIParameters) throws -> APIResponse {
        let (_, selected) = try select(parameters)
        let sample = try parameters.integer("sample", default: 0, maximum: Int(Int32.max))
        let step = sample > 0 && selected.count > sample ? Double(selected.count) / Double(sample) : 1
        let runs = step == 1 ? selected.map(\.run) : (0..<sample).map { selected[Int(Double($0) * step)].run }
        let varying = RunCollection(runs).varyingKeys()
        let metrics = FieldSummary.summarize(runs).filter { $0.namespace == .metrics && !varying.contains($0.key) }.map(\.key)
        return .json(.list((varying + metrics).map(ConfigValue.string)))
    }

    /// `/api/runs/RUN_ID`: the `show` record; `/api/runs/RUN_ID/artifacts[/PATH]`: its artifacts.
    func run(_ rest: String, _ parameters: APIParameters) throws -> APIResponse {
        let parts = rest.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let id = parts[0]
        let (store, found) = try lookUp(id, in: try dashboard.stores(selectedBy: parameters.first("store")))
        if parts.count == 1 {
            let record = try store.reader.snapshot(of: found).recordWithHistory()
            return .json(dashboard.stores.count > 1 ? labelled(record, store: store) : record)
        }
        guard parts[1] == "artifacts" else {
            throw DashboardError(.notFound, "No such endpoint: /api/runs/\(rest) (a run has /api/runs/RUN_ID and /api/runs/RUN_ID/artifacts[/PATH]).")
        }
        return try ArtifactFiles(run: found).respond(to: parts.count > 2 ? parts[2] : "")
    }

    // MARK: - Selection

    struct OrderKey: Hashable {
        var store: String
        var order: [String]
    }

    struct SelectionKey: Hashable {
        var store: String?
        var query: String?
        var order: [String]
        var allowMissing: Bool
    }

    /// A selected run and the position of its store among the selected stores.
    typealias Selected = (store: Int, run: Run)

    /// The selected stores and the runs matching `where`, ordered by `order_by` (repeatable;
    /// `KEY [ASC|DESC]`), as `list` selects them; the last 16 selections are kept per version.
    func select(_ parameters: APIParameters) throws -> (stores: [ServedStore], runs: [Selected]) {
        let key = SelectionKey(store: parameters.first("store"), query: parameters.first("where"),
                               order: parameters.all("order_by"), allowMissing: parameters.flag("allow_missing"))
        let version = dashboard.version
        let stores = try dashboard.stores(selectedBy: key.store)
        guard dashboard.version == version else { return try select(parameters) }   // reloaded meanwhile
        if let cached = selections.withLock({ $0.version == version ? $0.entries[key] : nil }) { return (stores, cached) }
        let query = try key.query.map(Query.init)
        let order = try key.order.map(OrderTerm.init)
        let selected = try select(stores, query: query, order: order, allowMissing: key.allowMissing)
        selections.withLock { cache in
            if cache.version != version || cache.entries.count >= 16 { cache = (version, [:]) }
            cache.entries[key] = selected
        }
        return (stores, selected)
    }

    /// Filters each store with its kind's query options (its LIKE), then orders the union. A key
    /// no run of a store has: with one store, the CLI's error; with several, missing in that store
    /// unless no store has it.
    func select(_ stores: [ServedStore], query: Query?, order: [OrderTerm], allowMissing: Bool) throws -> [Selected] {
        var matched: [Selected] = []
        var missingKey: RunKitError?
        var answered = 0
        for (index, store) in stores.enumerated() {
            do {
                let runs = try filtered(store, query: query, order: stores.count == 1 ? order : [], allowMissing: allowMissing)
                matched += runs.map { (index, $0) }
                answered += 1
            } catch let error as RunKitError where error.kind == .keyNotFound && !allowMissing {
                if missingKey == nil { missingKey = error }
                if stores.count > 1 { matched += try Self.filtered(store, query: query, order: [], allowMissing: true).map { (index, $0) } }
            }
        }
        if let missingKey, answered == 0 {
            throw DashboardError(.badRequest, "\(missingKey); no loaded run has it (pass allow_missing=1 to let it match as missing).")
        }
        guard stores.count > 1, !order.isEmpty else { return matched }
        let options = QueryOptions.matching(stores[0].reader.kind, allowMissing: true)
        var storeOf: [ObjectIdentifier: Int] = [:]
        for entry in matched { storeOf[ObjectIdentifier(entry.run)] = entry.store }
        return try RunCollection(matched.map(\.run)).sorted(by: order, options: options).elements.map { run in
            (storeOf[ObjectIdentifier(run)] ?? 0, run)
        }
    }

    /// The runs of `store` matching `query`, in `order`: the CLI's filter-then-sort, computed as
    /// the filter's matches (in natural order, with its errors) taken in the store's order kept
    /// for `order` (`ordering(store, by:)`, a permutation kept per order) — one pass over a flag
    /// per run instead of a sort, the same runs in the same order (the sort is stable) and the
    /// same errors (the order's key checked on the matches).
    func filtered(_ store: ServedStore, query: Query?, order: [OrderTerm], allowMissing: Bool) throws -> [Run] {
        let options = QueryOptions.matching(store.reader.kind, allowMissing: allowMissing)
        guard !order.isEmpty else { return try Self.filtered(store, query: query, order: [], allowMissing: allowMissing) }
        let ordering = try ordering(store, by: order)
        let runs = store.runs
        var selected: [Run] = []
        if let query {
            let matching = try RunCollection(runs).positions(matching: query, options: options)
            var kept = [Bool](repeating: false, count: runs.count)
            for position in matching { kept[position] = true }
            selected.reserveCapacity(matching.count)
            for position in ordering where kept[position] { selected.append(runs[position]) }
        } else {
            selected = ordering.map { runs[$0] }
        }
        try RunCollection(selected).checkOrderKeys(order, options: options)
        return selected
    }

    /// The positions of `store`'s runs in `order` (missing keys last, no key check), kept for the
    /// last 8 orders of the current version.
    func ordering(_ store: ServedStore, by order: [OrderTerm]) throws -> [Int] {
        let version = dashboard.version
        let key = OrderKey(store: store.location, order: order.map(\.description))
        if let kept = orders.withLock({ $0.version == version ? $0.entries[key] : nil }) { return kept }
        let options = QueryOptions.matching(store.reader.kind, allowMissing: true)
        let positions = try RunCollection(store.runs).positions(orderedBy: order, options: options)
        orders.withLock { cache in
            if cache.version != version || cache.entries.count >= 8 { cache = (version, [:]) }
            cache.entries[key] = positions
        }
        return positions
    }

    static func filtered(_ store: ServedStore, query: Query?, order: [OrderTerm], allowMissing: Bool) throws -> [Run] {
        let options = QueryOptions.matching(store.reader.kind, allowMissing: allowMissing)
        var collection = RunCollection(store.runs)
        if let query { collection = try collection.filter(query, options: options) }
        return try collection.sorted(by: order, options: options).elements
    }

    /// The run `id` (or a unique prefix) names: among the loaded runs, else among the deleted
    /// runs, read then (as `show` finds them).
    func lookUp(_ id: String, in stores: [ServedStore]) throws -> (ServedStore, Run) {
        var firstError: Error?
        for store in stores {
            do { return (store, try RunLookup.find(id, in: store.runs, store: store.reader.path)) } catch { firstError = firstError ?? error }
        }
        for store in stores {
            let deleted = try store.reader.loadRuns(LoadOptions(view: .deletedOnly)).runs
            if let run = try? RunLookup.find(id, in: deleted, store: store.reader.path) { return (store, run) }
        }
        throw firstError ?? DashboardError(.notFound, "No run '\(id)'.")
    }

    /// `record` with the store it came from as its first key.
    func labelled(_ record: ConfigValue, store: ServedStore) -> ConfigValue {
        guard case .map(let fields) = record else { return record }
        var labelled: OrderedDictionary<String, ConfigValue> = ["store": .string(store.name)]
        labelled.merge(fields) { first, _ in first }
        return .map(labelled)
    }
}
