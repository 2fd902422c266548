import GRDB

/// A SQL aggregate, `runkit_stamp_sum(a, b, …)`, registered on RunKit's own read-only
/// connection only while it takes run stamps (`MLflowSQLiteStore.runStamps(after:)`): the
/// wrapping sum of a hash of each row's arguments (their exact values, types included). Any row
/// updated in place, added or removed moves it (but by chance: 2⁻⁶⁴), whatever the order rows are
/// read in, so a table's content is compared with its last look in one scan inside SQLite.
/// The hash is this process's (`Hasher`): sums are compared only within one process.
///
/// ```swift
/// try db.add(function: StampSum.function)
/// let sum = try Int64.fetchOne(db, sql: "SELECT runkit_stamp_sum(key, value, run_uuid) FROM tags")
/// ```
struct StampSum: DatabaseAggregate {
    static let function = DatabaseFunction("runkit_stamp_sum", pure: true, aggregate: StampSum.self)

    private var sum: Int64 = 0

    init() {}

    mutating func step(_ dbValues: [DatabaseValue]) {
        var hasher = Hasher()
        for value in dbValues { hasher.combine(value) }
        sum &+= Int64(hasher.finalize())
    }

    func finalize() -> (any DatabaseValueConvertible)? { sum }
}
