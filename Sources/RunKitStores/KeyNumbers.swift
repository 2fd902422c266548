/// The key names of a bulk read numbered by first appearance, one `String` per name (so the
/// layout's keys share their names). MLflow writes each run's params, tags and metrics
/// in a batch, so a run's rows come in the order of the run before: the name expected next is
/// compared by bytes first, and only a surprise costs a String and a dictionary lookup.
///
/// ```swift
/// var keys = KeyNumbers()
/// while try rows.next() { let key = keys.names[keys.number(rows)] }   // column 1 of each row
/// ```
struct KeyNumbers {
    private(set) var names: [String] = []
    private var spellings: [[UInt8]] = []
    private var numbers: [String: Int] = [:]
    private var expected = 0

    /// The number of the current row's key (column 1).
    mutating func number(_ rows: SQLiteRows) -> Int {
        guard let bytes = rows.textBytes(1) else { return number(of: rows.text(1)) }
        if expected < spellings.count, spellings[expected].elementsEqual(bytes) {
            expected += 1
            return expected - 1
        }
        return number(of: String(decoding: bytes, as: UTF8.self))
    }

    private mutating func number(of name: String) -> Int {
        if let number = numbers[name] {
            expected = number + 1
            return number
        }
        numbers[name] = names.count
        names.append(name)
        spellings.append(Array(name.utf8))
        expected = names.count
        return names.count - 1
    }
}
