import OrderedCollections
import RunKitModel
import RunKitSupport

/// One malet log file (`log.tsv`, `log_splits/split_<i>.tsv`) read as malet's
/// `ExperimentLog.from_tsv` reads it, with the values malet intends.
///
/// The file, as `ExperimentLog.to_tsv` writes it:
/// ```
/// [Static Configs]
/// <yaml.dump of the static configs>
/// ---------------------------------------------           (45 '-')
///   \t         \t  \tdatetime\t…\tstatus\ttrain_loss      (index columns blanked, metric names)
/// id\toptimizer\tlr\t        \t…                          (index names, metric columns blanked)
/// 0\tsgd\t0.1\t2026-11-21 18:35:18.971759\t…             (DataFrame.to_csv(sep="\t"))
/// ```
///
/// ```swift
/// let log = try MaletLog.read("exp_group_resume/log.tsv")
/// log.gridFields                  // ["optimizer", "lr", "width", "seed"]
/// log.value("train_loss", row: 0) // [1.977…, 1.547…, …]
/// log.rows[0].isTuple(column: 0)  // false
/// ```
///
/// - The header is YAML read with PyYAML's rules (`MaletYAML`); the two column-name lines are
///   split on TAB after stripping, as malet does: index names (`id` first) then metric names.
/// - The body is split at the byte level (`DelimitedText`): quoted fields may hold TAB, line
///   breaks and `""`. Each column is typed as pandas types it, then text cells as Python
///   literals (`MaletColumnType`): ints stay ints, a column with an empty cell is float, an
///   empty cell is NaN, `(64, 64)` is a tuple, `{'a': 1}` a map, `banana` a string.
/// - A row whose number of fields differs from the column names (or a quoted field left open at
///   the end) is left out and recorded in `rowErrors` with its line; the other rows load.
/// - malet ends every line with `\n`; a file whose last line has none is being written, and its
///   last row (`maxepo` may be the start of `max_epochs`) is left out and recorded in
///   `partialLastLine`, not as an error. Lines may also end with `\r\n`.
/// - A file that does not start with `[Static Configs]`, has no 45-dash line, has invalid YAML,
///   lacks the column-name lines, or names a column twice is an error naming the file and line.
package struct MaletLog: Sendable {
    /// The columns malet's `Experiment` adds to every result: `RunInfo.infos` and `status`.
    package static let infoFields = ["datetime", "duration", "commit_hash", "status"]

    /// One row of the log: a run of one grid config.
    package struct Row: Sendable {
        /// The `id` column as written (malet renumbers it from 0 on every write).
        package var id: String
        /// The 1-based line of the file the row starts on.
        package var line: Int
        /// One value per column, in `MaletLog.columns` order (grid fields, then metric fields).
        package var values: [ConfigValue]
        /// The columns whose value is a Python tuple (kept as `.list`), in increasing order.
        package var tupleColumns: [Int]
        /// The grid cells' text as written (what `run_name` shows).
        package var gridTexts: [String]

        /// True when the value in `column` (an index into `values`) is a tuple.
        package func isTuple(column: Int) -> Bool { tupleColumns.contains(column) }
    }

    /// The file read.
    package var path: String
    /// The static configs of the header, in the file's order (yaml.dump sorts the keys).
    package var staticConfigs: OrderedDictionary<String, ConfigValue>
    /// The grid fields: the index columns after `id`.
    package var gridFields: [String]
    /// The metric columns, malet's info columns (`datetime`, `duration`, `commit_hash`, `status`) included.
    package var metricFields: [String]
    /// The rows, in file order.
    package var rows: [Row]
    /// Rows that could not be read, one error per row naming the file and line.
    package var rowErrors: [RunKitError]
    /// The line of the last row when the file does not end with a newline yet: the row is still
    /// being written and is not in `rows`.
    package var partialLastLine: Int?

    /// Every column: grid fields, then metric fields.
    package var columns: [String] { gridFields + metricFields }

    /// A row's value of a column, or nil when there is no such column or row.
    package func value(_ column: String, row: Int) -> ConfigValue? {
        guard rows.indices.contains(row), let index = columns.firstIndex(of: column) else { return nil }
        return rows[row].values[index]
    }

    /// Reads and parses the log at `path`.
    package static func read(_ path: String) throws -> MaletLog {
        guard let bytes = try PosixFileSystem.bytes(path) else {
            throw RunKitError(.unreadableFile, "\(path) does not exist.", path: path)
        }
        return try parse(bytes, path: path)
    }

    /// Parses the bytes of a log; `path` names the file in errors.
    package static func parse(_ bytes: [UInt8], path: String) throws -> MaletLog {
        try bytes.withUnsafeBufferPointer { try parse(buffer: $0, path: path) }
    }

    private static let separator = Array(repeating: UInt8(ascii: "-"), count: 45)

    private static func parse(buffer: UnsafeBufferPointer<UInt8>, path: String) throws -> MaletLog {
        func failure(_ line: Int, _ message: String) -> RunKitError {
            RunKitError(.malformedFile, "\(path), line \(line): \(message).", path: path)
        }
        var lines = LineCursor(bytes: buffer)
        guard let first = lines.next(), first.text == "[Static Configs]" else {
            throw failure(1, "a malet log starts with the line [Static Configs], and this file does not")
        }
        let headerStart = lines.position
        var headerEnd = headerStart
        var separatorLine = 0
        while let line = lines.next() {
            if line.bytes.elementsEqual(separator) {
                separatorLine = line.number
                break
            }
            headerEnd = lines.position
        }
        guard separatorLine > 0 else {
            throw failure(2, "the [Static Configs] header is never closed by a line of 45 '-', so this is not a complete malet log")
        }
        let yaml = String(decoding: UnsafeBufferPointer(rebasing: buffer[headerStart..<headerEnd]), as: UTF8.self)
        let statics: OrderedDictionary<String, ConfigValue>
        switch try MaletYAML.parse(yaml, file: path, firstLine: 2) {
        case .map(let map): statics = map
        case .null: statics = [:]
        default: throw failure(2, "the [Static Configs] header is not a YAML mapping")
        }

        guard let metricLine = lines.next(), let indexLine = lines.next() else {
            throw failure(separatorLine + 1, "the file ends before its two lines of column names")
        }
        let metricNames = Self.names(metricLine.text)
        let indexNames = Self.names(indexLine.text)
        guard indexNames.first == "id" else {
            throw failure(indexLine.number, "the second line of column names must start with id (malet's row number), not '\(indexNames.first ?? "")'")
        }
        let gridFields = Array(indexNames.dropFirst())
        var seen = Set<String>()
        for name in gridFields + metricNames where !seen.insert(name).inserted {
            throw failure(indexLine.number, "the column \(name) is named twice")
        }

        var table = DelimitedText.split(buffer, from: lines.position, firstLine: indexLine.number + 1)
        var partialLastLine: Int?
        if buffer.last != 0x0A {
            if let line = table.unterminatedQuoteLine {
                partialLastLine = line
                table.unterminatedQuoteLine = nil
            } else if let last = table.rows.popLast() {
                partialLastLine = last.line
            }
        }
        let width = 1 + gridFields.count + metricNames.count
        var rowErrors: [RunKitError] = []
        var good: [DelimitedText.Row] = []
        good.reserveCapacity(table.rows.count)
        for row in table.rows {
            if row.fieldCount == width {
                good.append(row)
            } else {
                rowErrors.append(failure(row.line, "the row has \(row.fieldCount) fields but the column names give \(width) (id and \(width - 1) columns)"))
            }
        }
        if let line = table.unterminatedQuoteLine {
            rowErrors.append(failure(line, "a quoted field is never closed, so the row is cut off"))
        }

        func cell(_ row: DelimitedText.Row, _ column: Int) -> DelimitedText.Field {
            table.fields[row.firstField + column]
        }
        func withCell<T>(_ row: DelimitedText.Row, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            DelimitedText.withContent(of: cell(row, column), in: buffer, body)
        }
        let types: [MaletColumnType] = (1..<width).map { column in
            var type = MaletColumnType.text
            if good.allSatisfy({ !cell($0, column).isQuoted }) {
                type = MaletColumnType.infer(good.lazy.map { row in
                    let field = cell(row, column)
                    return UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])
                })
            } else {
                // Quoted cells are rare (text with TAB, line breaks or quotes): copy them to type the column.
                var flat: [UInt8] = []
                var ranges: [Range<Int>] = []
                for row in good {
                    withCell(row, column) { content in
                        let start = flat.count
                        flat.append(contentsOf: content)
                        ranges.append(start..<flat.count)
                    }
                }
                type = flat.withUnsafeBufferPointer { all in
                    MaletColumnType.infer(ranges.lazy.map { UnsafeBufferPointer(rebasing: all[$0]) })
                }
            }
            return type
        }

        var rows: [Row] = []
        rows.reserveCapacity(good.count)
        for (ordinal, row) in good.enumerated() {
            var values: [ConfigValue] = []
            values.reserveCapacity(width - 1)
            var tuples: [Int] = []
            for column in 1..<width {
                let parsed = withCell(row, column) { types[column - 1].value(of: $0) }
                if parsed.isTuple { tuples.append(column - 1) }
                values.append(parsed.value)
            }
            var id = DelimitedText.text(of: cell(row, 0), in: buffer).trimmingASCIIBlanks()
            if id.isEmpty { id = String(ordinal) }
            let gridTexts = (0..<gridFields.count).map { DelimitedText.text(of: cell(row, $0 + 1), in: buffer) }
            rows.append(Row(id: id, line: row.line, values: values, tupleColumns: tuples, gridTexts: gridTexts))
        }
        return MaletLog(path: path, staticConfigs: statics, gridFields: gridFields, metricFields: metricNames,
                        rows: rows, rowErrors: rowErrors, partialLastLine: partialLastLine)
    }

    /// malet's `line.strip().split('\t')`; a blank line names no column.
    private static func names(_ line: String) -> [String] {
        let stripped = line.trimmingASCIIBlanks()
        return stripped.isEmpty ? [] : stripped.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
}

/// Walks the lines of a buffer (`\n` or `\r\n`), numbering them from 1.
private struct LineCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var number = 0

    struct Line {
        var bytes: UnsafeBufferPointer<UInt8>
        var number: Int
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    mutating func next() -> Line? {
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        var end = position
        if position < bytes.count { position += 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        number += 1
        return Line(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]), number: number)
    }
}

private extension String {
    /// Without the ASCII whitespace Python's `str.strip()` removes at both ends.
    func trimmingASCIIBlanks() -> String {
        let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F]
        let utf8 = Array(self.utf8)
        guard let first = utf8.firstIndex(where: { !blanks.contains($0) }),
              let last = utf8.lastIndex(where: { !blanks.contains($0) }) else { return "" }
        return String(decoding: utf8[first...last], as: UTF8.self)
    }
}
