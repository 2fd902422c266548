import Testing
@testable import RunKit
@testable import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

/// Bulk reads go through the collection's column source, so code generic over the element type
/// gets the runs' fast path (the load's layout, a comparison at a time) and its checks, as concrete
/// code does; and a load's layout is told apart from another by identity.
@Suite("column sources")
struct ColumnSourceTests {
    let root = Fixtures.path("hydraflow-sqlite")

    func load() throws -> [Run] {
        try MLflowSQLiteStore(databasePath: root + "/mlflow.db").loadRuns(LoadOptions(view: .all)).runs
    }

    // Generic over the element: no `Element == Run` overload can be picked here.
    func filtered<Element>(_ items: ItemCollection<Element>, _ query: String) throws -> ItemCollection<Element> {
        try items.filter(where: query, options: QueryOptions(allowMissing: true))
    }

    func sorted<Element>(_ items: ItemCollection<Element>, _ specs: String...) throws -> ItemCollection<Element> {
        try items.sorted(by: specs.map(OrderTerm.init))
    }

    func grouped<Element>(_ items: ItemCollection<Element>, _ keys: String...) throws -> [ItemGroup<Element>] {
        try items.grouped(by: keys)
    }

    /// Counts the bulk reads asked of the runs' source, and forwards them to it.
    struct CountingSource: ColumnSource {
        let counts = Locked<(values: Int, positions: Int, validations: Int)>((0, 0, 0))

        func value(of field: QueryField, in run: Run) -> ConfigValue? {
            RunColumnSource().value(of: field, in: run)
        }

        func values(of fields: [QueryField], in runs: ArraySlice<Run>) -> [[ConfigValue?]] {
            counts.withLock { $0.values += 1 }
            return RunColumnSource().values(of: fields, in: runs)
        }

        func positions(matching query: Query, among candidates: [Int], in runs: ArraySlice<Run>, like: LikeSemantics) -> [Int] {
            counts.withLock { $0.positions += 1 }
            return RunColumnSource().positions(matching: query, among: candidates, in: runs, like: like)
        }

        func validate(_ query: Query, in runs: ArraySlice<Run>) throws {
            counts.withLock { $0.validations += 1 }
            try RunColumnSource().validate(query, in: runs)
        }
    }

    @Test("a generic caller's filter, order-by and grouping are read through the collection's source")
    func genericCallerUsesSource() throws {
        let runs = try load()
        let counting = CountingSource()
        let collection = ItemCollection(storage: runs[...], fieldNames: { $0.fieldNames() }, lookup: { $0.value(for: $1) },
                                        columnSource: counting)
        let kept = try filtered(collection, "metrics.accuracy > 0.5 or params.seed = '1'")
        #expect(counting.counts.withLock { ($0.positions, $0.validations) } == (1, 1))
        // The source travels with the collection through filter, slices and order-by.
        _ = try sorted(kept[1...], "metrics.accuracy DESC")
        _ = try grouped(kept, "params.seed")
        #expect(counting.counts.withLock { $0.values } == 2)
        #expect(kept.map(\.id) == (try RunCollection(runs).filter(where: "metrics.accuracy > 0.5 or params.seed = '1'",
                                                                   options: QueryOptions(allowMissing: true)).map(\.id)))
    }

    @Test("a generic caller gets the runs' answers: the same runs, the same order, the same refusals", arguments: [
        "metrics.accuracy > 0.5", "params.seed = '1' or not tags.`mlflow.runName` LIKE '%a%'", "status = 'FINISHED' and seed IN (0, 2)",
    ])
    func genericCallerSameAnswers(_ query: String) throws {
        let runs = RunCollection(try load())
        let parsed = try Query(query)
        let plain = runs.elements.filter { run in parsed.root.matches({ run.value(for: $0) }, like: .sql) }
        #expect(try filtered(runs, query).map(\.id) == plain.map(\.id))
        #expect(try sorted(runs, "metrics.accuracy DESC", "run_id").map(\.id)
            == (try runs.sorted(orderBy: "metrics.accuracy DESC", "run_id").map(\.id)))
    }

    @Test("a quoted number against a numeric metric is refused for a generic caller too (the runs' validation runs)")
    func genericCallerValidates() throws {
        let runs = RunCollection(try load())
        let metric = try #require(runs[0].metrics.keys.sorted().first)
        let concrete = #expect(throws: (any Error).self) { try runs.filter(where: "\(metric) > '0.5'") }
        let generic = #expect(throws: (any Error).self) { try filtered(runs, "\(metric) > '0.5'") }
        #expect(generic.map { "\($0)" } == concrete.map { "\($0)" })
    }

    @Test("two loads' layouts are different layouts: each run is read from its own (identity, not a hash)")
    func layoutIdentity() throws {
        let (first, second) = (try load(), try load())
        #expect(first[0].laidOut?.columns !== second[0].laidOut?.columns)
        #expect(first.allSatisfy { $0.laidOut?.columns === first[0].laidOut?.columns })
        // Runs of both loads in one collection, the first load's layout read for the first run.
        let mixed = Array(first.prefix(10)) + second.suffix(10).reversed()
        let fields = try ["metrics.accuracy", "params.seed", "tags.mlflow.runName"].map { try QueryField($0) }
        let columns = Run.values(of: fields, in: mixed[...])
        for (field, column) in zip(fields, columns) {
            #expect(column.map { "\(String(describing: $0))" } == mixed.map { "\(String(describing: $0.value(for: field)))" })
        }
    }
}
