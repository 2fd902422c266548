/// The distinct values of one key over runs taken in order, in first-seen order, with a run that
/// lacks the key counting as `null`: equal as `looselyEquals` (`10` and `10.0` are one value),
/// all NaNs one value. Runs are numbered; the runs skipped between two `add`s lack the key.
///
/// ```swift
/// var seen = DistinctValues(firstRun: 0)
/// seen.add(.int(10), run: 0); seen.add(.double(10), run: 2)   // run 1 lacks the key
/// seen.finish(endRun: 3).values                               // [10, null]
/// ```
struct DistinctValues: Sendable {
    private(set) var values: [ConfigValue] = []
    private var seen = Set<ConfigValue>()
    private var sawNaN = false
    /// The first run these values are of.
    private let firstRun: Int
    /// The last run added (`firstRun - 1` before any).
    private var lastRun: Int

    init(firstRun: Int) {
        self.firstRun = firstRun
        lastRun = firstRun - 1
    }

    /// Adds run `run`'s value; the runs since the last one added count as null.
    mutating func add(_ value: ConfigValue, run: Int) {
        if run > lastRun + 1 { insert(.null) }
        lastRun = run
        insert(value)
    }

    /// Counts the runs after the last one added, up to `endRun` (exclusive), as null.
    func finish(endRun: Int) -> DistinctValues {
        var done = self
        if endRun > lastRun + 1 { done.insert(.null) }
        done.lastRun = endRun - 1
        return done
    }

    /// Adds the values of later runs, already collected (`finish`ed) in `later`; the runs between
    /// count as null.
    mutating func append(_ later: DistinctValues) {
        if later.firstRun > lastRun + 1 { insert(.null) }
        for value in later.values { insert(value) }
        lastRun = later.lastRun
    }

    private mutating func insert(_ value: ConfigValue) {
        if case .double(let number) = value, number.isNaN {
            if !sawNaN { sawNaN = true; values.append(value) }
        } else if seen.insert(value).inserted {
            values.append(value)
        }
    }
}
