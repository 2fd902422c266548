import ArgumentParser
import Foundation
import RunKit

/// `--where`, `--order-by`, `--sort` and `--allow-missing`: which runs, in which order.
struct QueryArguments: ParsableArguments {
    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Keep the runs matching EXPR, in MLflow's or MLXP's syntax plus OR, NOT and IN on any field.",
        discussion: "e.g. \"metrics.loss < 0.5 and params.lr = '0.01'\" or \"config.seed in [1, 2] | info.status == 'FAILED'\"",
        valueName: "EXPR"))
    var expression: String?

    @Option(name: .customLong("order-by"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Order by KEY, ascending unless DESC; repeatable, the first is the primary key. Missing values go last.",
        valueName: "KEY [ASC|DESC]"))
    var orderBy: [String] = []

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Order by KEY ascending, or -KEY descending; repeatable, applied after --order-by.", valueName: "[-]KEY"))
    var sort: [String] = []

    @Flag(name: .customLong("allow-missing"), help: "A --where or --order-by key that no run has is missing everywhere instead of an error.")
    var allowMissing = false

    /// The parsed query and order, checked before any store is read.
    func parse() throws -> (query: Query?, order: [OrderTerm]) {
        try Self.timed("parse") { (try expression.map(Query.init), try (orderBy + sort).map(OrderTerm.init)) }
    }

    /// The runs that match, in order; a key no run has gets a hint about `--allow-missing`.
    func apply(_ parsed: (query: Query?, order: [OrderTerm]), to runs: [Run], kind: StoreKind) throws -> [Run] {
        let options = QueryOptions.matching(kind, allowMissing: allowMissing)
        do {
            var collection = RunCollection(runs)
            if let query = parsed.query {
                collection = try Self.timed("filter \(runs.count) runs") { try collection.filter(query, options: options) }
            }
            return try Self.timed("order \(collection.count) runs") { try collection.sorted(by: parsed.order, options: options).elements }
        } catch let error as RunKitError where error.kind == .keyNotFound {
            throw QueryKeyError(underlying: error)
        }
    }

    /// Runs `body`; with `RUNKIT_QUERY_TIMINGS` set, prints how long it took to stderr
    /// (`runkit: timing: filter 100000 runs: 12.345 ms`), for `Benchmarks/query.sh`.
    static func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        guard ProcessInfo.processInfo.environment["RUNKIT_QUERY_TIMINGS"] != nil else { return try body() }
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = start.duration(to: clock.now)
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        Terminal.note("timing: \(label): \(String(format: "%.3f", milliseconds)) ms")
        return result
    }
}
