import OrderedCollections
import RunKitModel
import RunKitStores

extension MLflowServerStore {
    /// The runs asked for by the first page of a search that may be split (`splitSearch`): an
    /// experiment of up to this many runs (after the filter) is one request, as unsplit.
    static let headPageSize = 250

    /// Every run of one experiment's search (`searchRuns`'s answer, as a set), fetched as up to
    /// `pieces` disjoint searches in parallel, so that a server with several workers answers one
    /// large experiment with all of them (docs/remote.md, "Splitting a search").
    ///
    /// 1. The first `headPageSize` runs in MLflow's order (newest `start_time` first): an
    ///    experiment that fits is done.
    /// 2. The oldest `start_time` (`order_by: attributes.start_time ASC`, one run). When the runs
    ///    left are estimated (the first page's runs per millisecond, times the milliseconds left)
    ///    at under four first pages, the search is paged on unsplit: a few more requests would
    ///    cost the server more than they save.
    /// 3. From the oldest to the first page's last `start_time` T, inclusive, `pieces` ranges of
    ///    whole milliseconds of equal width, each searched (and paged) with the filter AND
    ///    `attributes.start_time >= LOW AND attributes.start_time <= HIGH`; the first page gives
    ///    only its runs that started after T, so runs tied at T, or at a range's edge, come once.
    ///
    /// A first page ending on a run without a `start_time` (which no range could find), or a search
    /// whose oldest run has none, is paged on as one search instead. `pieces` ≤ 1: `searchRuns`.
    static func splitSearch(_ client: MLflowRESTClient, experimentID: String, view: String, filter: String?,
                            pageSize: Int, pieces: Int, progress: RemoteFetchProgress) throws -> [ConfigValue] {
        guard pieces > 1, pageSize > 1 else {
            return try searchRuns(client, experimentIDs: [experimentID], view: view, filter: filter, pageSize: pageSize, progress: progress)
        }
        let headSize = min(pageSize, headPageSize)
        let head = try searchPage(client, experimentIDs: [experimentID], view: view, filter: filter, size: headSize, progress: progress)
        guard let token = head.token else { return head.runs }
        let oldest = try searchPage(client, experimentIDs: [experimentID], view: view, filter: filter, size: 1,
                                    orderBy: "attributes.start_time ASC", counted: false, progress: progress)
        guard let last = head.runs.last.flatMap(startTime), let first = oldest.runs.first.flatMap(startTime), first <= last,
              let newest = head.runs.lazy.compactMap(startTime).first,
              Double(head.runs.count) * Double(last - first + 1) / Double(max(1, newest - last + 1)) >= Double(4 * headSize) else {
            return head.runs + (try searchRuns(client, experimentIDs: [experimentID], view: view, filter: filter, pageSize: pageSize,
                                               token: token, progress: progress))
        }
        let ranges = startTimeRanges(first...last, pieces: pieces)
        progress.split(ranges: ranges.count)
        let parts = try RemoteWork.map(ranges.count, parallelism: ranges.count) { index in
            let range = "attributes.start_time >= \(ranges[index].lowerBound) AND attributes.start_time <= \(ranges[index].upperBound)"
            return try searchRuns(client, experimentIDs: [experimentID], view: view, filter: filter.map { $0 + " AND " + range } ?? range,
                                  pageSize: pageSize, progress: progress)
        }
        // Runs without a start_time that the server ordered first (PostgreSQL puts NULL first in
        // a descending order) are in no range: kept from the first page.
        return head.runs.filter { startTime($0).map { $0 > last } ?? true } + parts.joined()
    }

    /// `span` cut into at most `pieces` ranges of whole milliseconds of (nearly) equal width, in
    /// order, disjoint, covering it.
    ///
    /// ```swift
    /// MLflowServerStore.startTimeRanges(0...9, pieces: 4)   // [0...1, 2...4, 5...6, 7...9]
    /// ```
    static func startTimeRanges(_ span: ClosedRange<Int64>, pieces: Int) -> [ClosedRange<Int64>] {
        let width = span.upperBound - span.lowerBound + 1
        let count = Int64(max(1, min(Int64(pieces), width)))
        return (0..<count).map { index in
            (span.lowerBound + width * index / count)...(span.lowerBound + width * (index + 1) / count - 1)
        }
    }

    /// A run's `start_time` in a `runs/search` answer.
    static func startTime(_ run: ConfigValue) -> Int64? { run.member("info")?.integer("start_time") }

    /// One page of `runs/search` (counted in `progress` unless `counted` is false: a probe).
    static func searchPage(_ client: MLflowRESTClient, experimentIDs: [String], view: String, filter: String?, size: Int,
                           orderBy: String? = nil, token: String? = nil, counted: Bool = true,
                           progress: RemoteFetchProgress) throws -> (runs: [ConfigValue], token: String?) {
        var body: OrderedDictionary<String, ConfigValue> = [
            "experiment_ids": .list(experimentIDs.map(ConfigValue.string)), "run_view_type": .string(view), "max_results": .int(size),
        ]
        if let filter { body["filter"] = .string(filter) }
        if let orderBy { body["order_by"] = .list([.string(orderBy)]) }
        if let token { body["page_token"] = .string(token) }
        let page = try client.post("mlflow/runs/search", .map(body))
        let runs = page.list("runs")
        progress.fetched(runs: counted ? runs.count : 0, requests: 1)
        return (runs, page.text("next_page_token").flatMap { $0.isEmpty ? nil : $0 })
    }
}
