import Testing
@testable import RunKit
@testable import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

/// The fast paths of varying keys, sorting and query lookups checked against the plain
/// definitions they replace, on random runs full of awkward cases (dotted and quoted keys, a key
/// that is a map in one run and a value in another, missing keys, nulls, NaN, `10` and `10.0`).
@Suite("fast paths agree with the plain definitions")
struct FastPathEquivalenceTests {
    static let names = ["a", "b", "a.b", "x__y", "`q`", "", "seed", "status", "lr"]
    static let leaves: [ConfigValue] = [.null, .int(10), .double(10), .double(.nan), .string("cnn"), .string("10"),
                                        .bool(true), .list([.int(1), .double(.nan)]), .map([:])]

    static func value(_ depth: Int, _ maxDepth: Int, _ random: inout SplitMix64) -> ConfigValue {
        if depth < maxDepth, Int.random(in: 0..<3, using: &random) == 0 {
            var map = [String: ConfigValue]()
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                map[names.randomElement(using: &random)!] = value(depth + 1, maxDepth, &random)
            }
            return .map(.init(uniqueKeysWithValues: map.sorted { $0.key < $1.key }))
        }
        return leaves.randomElement(using: &random)!
    }

    static func runs(_ count: Int, seed: UInt64, awkward: Bool) -> [Run] {
        var random = SplitMix64(seed: seed)
        let keys = awkward ? names : ["model", "seed", "lr"]
        return (0..<count).map { index in
            var config = [String: ConfigValue]()
            var params = [String: String](), tags = [String: String](), metrics = [String: Double]()
            for key in keys where Bool.random(using: &random) {
                config[key] = awkward ? value(0, count > 5_000 ? 0 : 2, &random) : leaves[Int.random(in: 1...4, using: &random)]
                params[key] = ["1", "2", "0.5", "x"].randomElement(using: &random)!
                if Bool.random(using: &random) { metrics[key] = [0.5, 1, .nan].randomElement(using: &random)! }
                if Bool.random(using: &random) { tags[key] = "t" }
            }
            return Run(info: RunInfo(runID: "r\(index)", status: Bool.random(using: &random) ? .failed : .finished),
                       config: .map(.init(uniqueKeysWithValues: config.sorted { $0.key < $1.key })),
                       params: params, metrics: metrics, tags: tags)
        }
    }

    /// `VaryingField.find` as it was: every run's fields (of info, the store's raw info only),
    /// then each key's values with `value(for:)`.
    static func plainVarying(_ runs: [Run], _ namespaces: [FieldKey.Namespace]) -> [VaryingField] {
        var keys: [String] = []
        for run in runs {
            for key in run.fields().keys where namespaces.contains(FieldKey(key).namespace) && !keys.contains(key) {
                let parsed = FieldKey(key)
                if parsed.namespace == .info, run.info.raw[parsed.name] == nil { continue }
                keys.append(key)
            }
        }
        return keys.compactMap { key in
            var distinct: [ConfigValue] = []
            for run in runs {
                let value = run.value(for: key) ?? .null
                if !distinct.contains(where: { $0.looselyEquals(value) || ($0.doubleValue?.isNaN == true && value.doubleValue?.isNaN == true) }) {
                    distinct.append(value)
                }
            }
            return distinct.count > 1 ? VaryingField(key: key, values: distinct) : nil
        }
    }

    /// The first difference, described, or nil.
    static func difference(_ a: [VaryingField], _ b: [VaryingField]) -> String? {
        let (x, y) = (a.map(\.key), b.map(\.key))
        if x != y {
            let at = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
            return "keys from \(at): \(x[at...].prefix(4)) vs \(y[at...].prefix(4))"
        }
        for (x, y) in zip(a, b) where x.values.count != y.values.count
            || !zip(x.values, y.values).allSatisfy({ $0.looselyEquals($1) || ($0.doubleValue?.isNaN == true && $1.doubleValue?.isNaN == true) || "\($0)" == "\($1)" }) {
            return "\(x.key): \(x.values.prefix(8)) vs \(y.values.prefix(8))"
        }
        return nil
    }

    @Test("varying fields: the same keys in the same order with the same distinct values", arguments: [
        (40, false), (300, true), (2_000, true), (9_000, false), (8_500, true),
    ])
    func varying(count: Int, awkward: Bool) {
        let runs = Self.runs(count, seed: UInt64(count) &+ (awkward ? 7 : 0), awkward: awkward)
        for namespaces in [[FieldKey.Namespace.config], [.config, .params], [.metrics, .tags, .info]] {
            #expect(Self.difference(VaryingField.find(in: runs, namespaces: namespaces), Self.plainVarying(runs, namespaces)) == nil)
        }
    }

    @Test("order-by: the one-column fast path orders as the column comparison does")
    func ordering() throws {
        let runs = RunCollection(Self.runs(3_000, seed: 3, awkward: true))
        for key in ["metrics.a", "params.seed", "config.a", "metrics.lr", "params.a"] {
            for descending in [false, true] {
                let column = SortColumn(runs.map { $0.value(for: key) })
                let plain = (0..<runs.count).sorted { a, b in
                    let c = column.compare(a, b, descending: descending)
                    return c != 0 ? c < 0 : a < b
                }
                #expect(SortColumn.order([column], descending: [descending], count: runs.count) == plain)
                let reversedTies = (0..<runs.count).sorted { a, b in
                    let c = column.compare(a, b, descending: descending)
                    return c != 0 ? c < 0 : a > b
                }
                #expect(SortColumn.order([column], descending: [descending], count: runs.count, reverseTies: true) == reversedTies)
            }
        }
    }

    @Test("order-by: several columns (dense ranks) order as the column comparisons do, first column first")
    func orderingSeveral() throws {
        let runs = RunCollection(Self.runs(3_000, seed: 5, awkward: true))
        let keySets = [["params.seed", "metrics.a"], ["config.a", "metrics.lr", "params.a"], ["metrics.a", "config.a"], ["tags.a", "params.seed"], ["config.seed", "config.lr", "config.a"]]
        for keys in keySets {
            let columns = keys.map { key in SortColumn(runs.map { $0.value(for: key) }) }
            for directions in [[false, true, false], [true, false, true], [true, true, true]] {
                let descending = Array(directions.prefix(keys.count))
                for reverseTies in [false, true] {
                    let plain = (0..<runs.count).sorted { a, b in
                        for (column, down) in zip(columns, descending) {
                            let c = column.compare(a, b, descending: down)
                            if c != 0 { return c < 0 }
                        }
                        return reverseTies ? a > b : a < b
                    }
                    #expect(SortColumn.order(columns, descending: descending, count: runs.count, reverseTies: reverseTies) == plain, "\(keys) \(descending)")
                }
            }
        }
    }

    @Test("queries evaluated a comparison at a time keep the runs a run-by-run evaluation keeps", arguments: [
        "a = 10 and seed != 'x'", "a = 10 or b = 'cnn' or not lr > 0.5", "not (a IS NULL or params.b IN ('1', '2'))",
        "(a = 10 or metrics.b < 1) and (tags.seed IS NOT NULL or not config.lr = 'cnn')",
        "status = 'FAILED' or (a.b IS NULL and x__y LIKE '1%' and not params.seed = '0.5')",
        "not not (metrics.a != 0.5 and (b = 10.0 or b = true or b IN (1, 'cnn', null)))",
        "config.`q` IS NULL or (params.lr NOT IN ('x') and tags.a ILIKE 'T')",
    ])
    func comparisonAtATime(_ text: String) throws {
        let runs = RunCollection(Self.runs(3_000, seed: 13, awkward: true))
        let query = try Query(text)
        let options = QueryOptions(allowMissing: true)
        let plain = runs.elements.filter { run in query.root.matches({ run.value(for: $0) }, like: options.like) }
        #expect(try runs.filter(query, options: options).map(\.id) == plain.map(\.id), "\(text)")
        let evaluator = RunQueryEvaluator(runs: runs.elements[...], like: options.like)
        #expect(evaluator.positions(query.root, among: Array(0..<runs.count)).map { runs.elements[$0].id } == plain.map(\.id))
    }

    @Test("large collections: the runs a filter keeps and an order-by lists, gathered on all cores, are the plain ones")
    func largeGather() throws {
        let runs = RunCollection(Self.runs(40_000, seed: 9, awkward: false))
        let query = try Query("seed = 10 or params.lr in ('1', '2')")
        let filtered = try runs.filter(query)
        let like = QueryOptions().like
        let plain = runs.elements.filter { run in query.root.matches({ run.value(for: $0) }, like: like) }
        #expect(filtered.count > 16_384)
        #expect(filtered.map(\.id) == plain.map(\.id))

        let ordered = try runs.sorted(orderBy: "metrics.lr DESC", "params.seed")
        let columns = ["metrics.lr", "params.seed"].map { key in SortColumn(runs.map { $0.value(for: key) }) }
        let order = (0..<runs.count).sorted { a, b in
            for (column, descending) in zip(columns, [true, false]) {
                let c = column.compare(a, b, descending: descending)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        #expect(ordered.map(\.id) == order.map { runs.elements[$0].id })
    }

    @Test("query fields skip only what a run certainly lacks: the same value as value(for:) with the text")
    func presence() throws {
        let runs = Self.runs(500, seed: 11, awkward: true)
        let prefixes = ["", "config.", "metrics.", "params.", "tags.", "info."]
        var mismatches: [String] = []
        for prefix in prefixes {
            for name in Self.names + ["a.b.c", "x.y", "nope", "a[0]", "status"] where !(prefix.isEmpty && name.isEmpty) {
                let text = prefix + name
                let field = QueryField(FieldKey(text), text: text)
                for run in runs {
                    let (fast, plain) = (run.value(for: field), run.value(for: text))
                    if fast != plain, "\(String(describing: fast))" != "\(String(describing: plain))" { mismatches.append("\(text) in \(run.id)") }
                }
            }
        }
        #expect(mismatches.isEmpty)
    }

    /// Doubles that trip a radix sort up: signs, ±0, ±inf, subnormals, huge and tiny magnitudes, repeats.
    static func awkwardDoubles(_ count: Int, _ random: inout SplitMix64) -> [Double] {
        let special: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, 0.5, 1e-300, -1e300]
        return (0..<count).map { _ in
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return special.randomElement(using: &random)!
            case 1: return Double(Int.random(in: -5...5, using: &random))
            default: return Double.random(in: -1e6...1e6, using: &random) * (Bool.random(using: &random) ? 1 : 1e-200)
            }
        }
    }

    @Test("radix order: the stable comparison sort's order, for any key width and for doubles")
    func radixOrder() {
        var random = SplitMix64(seed: 21)
        for bits in [1, 5, 12, 13, 24, 37, 64] {
            for count in [0, 1, 2, 100, 5_000] {
                let keys = (0..<count).map { _ in UInt64.random(in: 0...(bits == 64 ? .max : (1 << bits) - 1), using: &random) }
                let positions = (0..<count).map { _ in Int.random(in: 0..<1_000_000, using: &random) }
                let plain = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
                #expect(RadixOrder.positions(keys, bits: bits) == plain, "bits \(bits), count \(count)")
                #expect(RadixOrder.positions(keys, at: positions, bits: bits) == plain.map { positions[$0] })
            }
        }
        let doubles = Self.awkwardDoubles(20_000, &random)
        let order = RadixOrder.positions(doubles.map(RadixOrder.key))
        #expect(order == doubles.indices.sorted { doubles[$0] != doubles[$1] ? doubles[$0] < doubles[$1] : $0 < $1 })
        #expect(RadixOrder.key(0) == RadixOrder.key(-0.0))
    }

    @Test("order-by on numbers: radix-sorted columns order as the column comparisons do (signs, ±0, ±inf, NaN, null, missing)")
    func orderingNumbers() {
        var random = SplitMix64(seed: 23)
        let count = 6_000
        func column(_ distinct: Int?) -> SortColumn {
            let doubles = Self.awkwardDoubles(count, &random)
            return SortColumn((0..<count).map { index -> ConfigValue? in
                switch Int.random(in: 0..<12, using: &random) {
                case 0: return nil
                case 1: return .null
                case 2: return .double(.nan)
                case 3: return .int(Int.random(in: -3...3, using: &random))
                default: return .double(distinct.map { doubles[index].truncatingRemainder(dividingBy: Double($0)).rounded(.towardZero) } ?? doubles[index])
                }
            })
        }
        let columns = [column(nil), column(7), column(nil)]
        for keys in [[0], [1], [1, 0], [0, 1], [1, 2, 0]] {
            let chosen = keys.map { columns[$0] }
            for descending in [[false, true, false], [true, false, true], [true, true, true]].map({ Array($0.prefix(keys.count)) }) {
                for reverseTies in [false, true] {
                    let plain = (0..<count).sorted { a, b in
                        for (column, down) in zip(chosen, descending) {
                            let c = column.compare(a, b, descending: down)
                            if c != 0 { return c < 0 }
                        }
                        return reverseTies ? a > b : a < b
                    }
                    #expect(SortColumn.order(chosen, descending: descending, count: count, reverseTies: reverseTies) == plain, "\(keys) \(descending) \(reverseTies)")
                }
            }
        }
    }

    @Test("reading columns: every core's share written in place gives each run's value(for:), in order")
    func columnRead() throws {
        for count in [0, 1, 8_191, 8_192, 8_193, 20_000] {
            let runs = RunCollection(Self.runs(count, seed: 29, awkward: count < 10_000))
            let keys = ["a", "metrics.seed", "params.lr", "config.a.b", "x__y", "status", "nope"]
            let columns = runs.columnValues(keys)
            #expect(columns.count == keys.count)
            for (key, column) in zip(keys, columns) {
                let plain = runs.map { $0.value(for: key) }
                #expect(column.count == count)
                #expect(zip(column, plain).allSatisfy { "\(String(describing: $0))" == "\(String(describing: $1))" }, "\(key), \(count) runs")
            }
        }
        #expect(ParallelSlots.columns(2, count: 20_000) { column, rows, set in for row in rows { set(row, column * 100_000 + row) } } == [Array(0..<20_000), Array(100_000..<120_000)])
        let empty: [[Int]] = ParallelSlots.columns(3, count: 0) { column, rows, set in for row in rows { set(row, column + row) } }
        #expect(empty == [[], [], []])
    }

    @Test("grouping numbers scalar columns as it numbers any values: the same numbers by first appearance")
    func groupNumbering() {
        var random = SplitMix64(seed: 31)
        let scalars: [ConfigValue?] = [nil, .null, .int(10), .double(10), .double(-0.0), .double(0), .int(0), .bool(false),
                                       .bool(true), .int(1), .double(.nan), .string("cnn"), .string("10"), .string(""), .double(.infinity)]
        let runs = Self.runs(3_000, seed: 33, awkward: true)
        var columns: [[ConfigValue?]] = (0..<20).map { _ in (0..<2_000).map { _ in scalars.randomElement(using: &random)! } }
        columns.append(Self.awkwardDoubles(2_000, &random).map { .double($0) })
        columns.append([.int(1 << 60), .int((1 << 60) + 1), .double(Double(1 << 60))])   // beyond doubles: the general path
        columns += ["a", "params.seed", "metrics.lr", "status", "config.a.b"].map { key in runs.map { $0.value(for: key) } }
        for column in columns {
            let (fast, plain) = (GroupingKey.number(column), GroupingKey.numberValues(column))
            #expect(fast.ids == plain.ids && fast.distinct == plain.distinct)
        }
        #expect(GroupingKey.numberScalars(columns[21]) == nil)
        #expect(GroupingKey.numberScalars(columns[0]) != nil)
    }
}
