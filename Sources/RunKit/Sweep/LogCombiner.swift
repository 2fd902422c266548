import OrderedCollections

/// The union of the rows of several malet logs, one row per config, for `runkit log merge` and
/// `resplit`: statics must agree (as values); grid fields in the first log's order, then new
/// ones; metric columns in order of first appearance. When a config appears more than once the
/// best row is kept: status C over R over F (over anything else), and among equals the latest
/// `datetime` (the first seen on a tie). Cells are kept as text, never re-typed; a row's place
/// is its config's first appearance.
struct LogCombiner {
    private var statics: OrderedDictionary<String, ConfigValue>?
    private var staticsPath = ""
    private(set) var gridFields: [String] = []
    private(set) var metricFields: [String] = []
    /// Per config, in order of first appearance: its key and cells by column.
    private(set) var keys: [String] = []
    private var cells: [[String: String]] = []
    private var index: [String: Int] = [:]
    private(set) var rowsRead = 0

    /// Takes `file`'s statics and columns; its rows are added with `add(row:of:)`.
    mutating func adopt(_ file: ExperimentLogFile, path: String) throws {
        if let statics {
            for key in Set(statics.keys).union(file.statics.keys).sorted() {
                let mine = statics[key], theirs = file.statics[key]
                guard (mine == nil) == (theirs == nil), (mine ?? .null).looselyEquals(theirs ?? .null) else {
                    throw RunKitError(.invalidArgument, "\(path) and \(staticsPath) have different static configs: \(key) is \(theirs.map { JSONWriter.string($0) } ?? "absent") in \(path) and \(mine.map { JSONWriter.string($0) } ?? "absent") in \(staticsPath); they are logs of different experiments.", path: path)
                }
            }
        } else {
            statics = file.statics
            staticsPath = path
        }
        for field in file.gridFields where !gridFields.contains(field) { gridFields.append(field) }
        for field in file.metricFields where !metricFields.contains(field) { metricFields.append(field) }
    }

    mutating func add(row: [String], of file: ExperimentLogFile) {
        rowsRead += 1
        let key = LogRowKey.of(zip(file.gridFields, row).map { ($0, $1) })
        var byColumn: [String: String] = [:]
        for (column, cell) in zip(file.columns, row) { byColumn[column] = cell }
        guard let existing = index[key] else {
            index[key] = keys.count
            keys.append(key)
            cells.append(byColumn)
            return
        }
        if Self.isBetter(byColumn, than: cells[existing]) { cells[existing] = byColumn }
    }

    static func rank(_ status: String?) -> Int {
        switch status?.trimmingCharacters(in: .whitespaces) {
        case "C"?: return 3
        case "R"?: return 2
        case "F"?: return 1
        default: return 0
        }
    }

    static func isBetter(_ row: [String: String], than other: [String: String]) -> Bool {
        let (new, old) = (rank(row["status"]), rank(other["status"]))
        if new != old { return new > old }
        return (row["datetime"] ?? "") > (other["datetime"] ?? "")
    }

    /// The combined log (rows in order of first appearance), or only the rows at `positions`.
    func log(rows positions: [Int]? = nil) -> ExperimentLogFile {
        var log = ExperimentLogFile(statics: statics ?? [:], gridFields: gridFields)
        let infos = ExperimentLogFile.infoFields.filter { metricFields.contains($0) || metricFields.isEmpty }
        log.metricFields = infos + metricFields.filter { !infos.contains($0) }
        let columns = log.columns
        log.rows = (positions ?? Array(cells.indices)).map { position in columns.map { cells[position][$0] ?? "" } }
        return log
    }

    /// The number of configs.
    var count: Int { keys.count }
}
