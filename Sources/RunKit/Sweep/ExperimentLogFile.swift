import OrderedCollections

/// A malet experiment log kept as text cells, for writing: the sweep runner reads the file,
/// changes rows and writes it back whole, without re-typing what other writers put there (malet
/// itself re-types every cell on each write and so corrupts them: `info` becomes `2e+308o`).
///
/// The file is exactly what `ExperimentLog.to_tsv` writes (see `MaletLog`): `[Static Configs]`,
/// `yaml.dump` of the statics, 45 `-`, the two column-name lines, then one row per config with a
/// 0-based `id`, cells CSV-quoted when they hold TAB, a line break or `"`.
struct ExperimentLogFile: Sendable {
    /// malet's info columns, first among the metric columns.
    static let infoFields = MaletLog.infoFields

    var statics: OrderedDictionary<String, ConfigValue>
    var gridFields: [String]
    /// Info columns and metrics.
    var metricFields: [String]
    /// Per row, `gridFields.count + metricFields.count` cell texts (empty = None/NaN).
    var rows: [[String]]

    init(statics: OrderedDictionary<String, ConfigValue>, gridFields: [String]) {
        self.statics = statics
        self.gridFields = gridFields
        self.metricFields = Self.infoFields
        self.rows = []
    }

    var columns: [String] { gridFields + metricFields }

    /// The log at `path`, or nil when there is no file.
    static func read(_ path: String) throws -> ExperimentLogFile? {
        guard let bytes = try PosixFileSystem.bytes(path) else { return nil }
        // MaletLog checks the structure and reads the header and column names.
        let parsed = try MaletLog.parse(bytes, path: path)
        var log = ExperimentLogFile(statics: parsed.staticConfigs, gridFields: parsed.gridFields)
        log.metricFields = parsed.metricFields
        let width = 1 + log.columns.count
        bytes.withUnsafeBufferPointer { buffer in
            // The body starts after the 45-dash line and the two column-name lines.
            var lineStart = 0, line = 0, linesAfterSeparator = -1, bodyStart = buffer.count
            for offset in 0..<buffer.count where buffer[offset] == 0x0A {
                line += 1
                if linesAfterSeparator >= 0 {
                    linesAfterSeparator += 1
                    if linesAfterSeparator == 2 { bodyStart = offset + 1; break }
                } else if case let end = offset > lineStart && buffer[offset - 1] == 0x0D ? offset - 1 : offset,   // CRLF
                          end - lineStart == 45, buffer[lineStart..<end].allSatisfy({ $0 == UInt8(ascii: "-") }) {
                    linesAfterSeparator = 0
                }
                lineStart = offset + 1
            }
            let table = DelimitedText.split(buffer, from: bodyStart, firstLine: line + 1)
            for row in table.rows where row.fieldCount == width {
                log.rows.append(table.fields(of: row).dropFirst().map { DelimitedText.text(of: $0, in: buffer) })
            }
        }
        return log
    }

    /// The file's text.
    func render() -> String {
        var text = "[Static Configs]\n"
        text += statics.isEmpty ? "{}\n" : PyYAMLDump.dump(statics)
        text += String(repeating: "-", count: 45) + "\n"
        let indexNames = ["id"] + gridFields
        text += (indexNames.map { String(repeating: " ", count: $0.count) } + metricFields).joined(separator: "\t") + "\n"
        text += (indexNames + metricFields.map { String(repeating: " ", count: $0.count) }).joined(separator: "\t") + "\n"
        for (index, row) in rows.enumerated() {
            text += String(index)
            for cell in row { text += "\t" + Self.quoted(cell) }
            text += "\n"
        }
        return text
    }

    /// CSV quoting as pandas' `to_csv` does it (QUOTE_MINIMAL): only when needed.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\"" || $0 == "\r\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Adds grid fields and metric columns the log does not have yet (empty in existing rows).
    mutating func addColumns(grid: [String], metrics: [String]) {
        for field in grid where !gridFields.contains(field) {
            let position = gridFields.count
            gridFields.append(field)
            for index in rows.indices { rows[index].insert("", at: position) }
        }
        for field in metrics where !metricFields.contains(field) && !gridFields.contains(field) {
            metricFields.append(field)
            for index in rows.indices { rows[index].append("") }
        }
    }

    func column(_ name: String) -> Int? { columns.firstIndex(of: name) }

    /// The identity of a row: its grid cells.
    func key(ofRow row: [String]) -> String {
        row.prefix(gridFields.count).joined(separator: "\u{1F}")
    }
}
