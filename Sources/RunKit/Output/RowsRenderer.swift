import Foundation
import OrderedCollections
import RunKitSupport

/// Renders rows of values as an aligned table, JSON, JSON lines, CSV (RFC 4180, CRLF line ends),
/// TSV or Markdown.
///
/// ```swift
/// let text = RowsRenderer.render(columns: ["run_id", "metrics.loss"],
///                                rows: [["abc", 0.25]], format: .csv)
/// // run_id,metrics.loss\r\nabc,0.25\r\n
/// ```
package enum RowsRenderer {
    /// The whole output for `format`; `maxWidth` limits a table's cell widths, and
    /// `color` underlines the header with ANSI codes.
    package static func render(columns: [String], rows: [[ConfigValue]], format: OutputFormat,
                              maxCellWidth: Int = 40, color: Bool = false) -> String {
        switch format {
        case .json:
            return JSONWriter.string(.list(rows.map { object(columns, $0) }), indent: 2) + "\n"
        case .jsonl:
            return rows.map { JSONWriter.string(object(columns, $0)) + "\n" }.joined()
        case .csv:   // RFC 4180: CRLF line ends
            return ([columns] + rows.map { $0.map(plainText) }).map { delimitedLine($0, separator: ",") + "\r\n" }.joined()
        case .tsv:   // as pandas' to_csv(sep="\t") writes it
            return ([columns] + rows.map { $0.map(plainText) }).map { delimitedLine($0, separator: "\t") + "\n" }.joined()
        case .markdown:
            var lines = ["| " + columns.map(markdownEscaped).joined(separator: " | ") + " |",
                         "|" + columns.map { _ in " --- " }.joined(separator: "|") + "|"]
            lines += rows.map { "| " + $0.map { markdownEscaped(displayText($0)) }.joined(separator: " | ") + " |" }
            return lines.joined(separator: "\n") + "\n"
        case .latex:
            return PaperTable(columns: columns, rows: rows).latex()
        case .table:
            return table(columns: columns, rows: rows, maxCellWidth: maxCellWidth, color: color)
        }
    }

    static func object(_ columns: [String], _ row: [ConfigValue]) -> ConfigValue {
        var map = OrderedDictionary<String, ConfigValue>()
        for (column, value) in zip(columns, row) { map[column] = value }
        return .map(map)
    }

    /// Full-precision text for CSV/TSV: numbers round-trip, null is empty, NaN is `NaN` and
    /// ±infinity `inf`/`-inf` (the spellings pandas, polars and R all read as numbers), lists and
    /// maps are JSON.
    package static func plainText(_ value: ConfigValue) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "inf" : "-inf" }
            return d.description
        case .list, .map: return JSONWriter.string(value)
        default: return JSONWriter.string(value)
        }
    }

    /// Short text for people: doubles with 6 significant digits, null as `-`.
    package static func displayText(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "-"
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "inf" : "-inf" }
            if d == d.rounded(), abs(d) < 1e15 { return formatted(d, "%.1f") }
            return formatted(d, "%.6g")
        case .list(let l): return "[" + l.map(displayText).joined(separator: ", ") + "]"
        default: return plainText(value)
        }
    }

    /// `String(format:)` of one double, through C's `snprintf` (what it uses too), without
    /// Foundation's format parsing: a table formats every numeric cell.
    static func formatted(_ number: Double, _ format: String) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let length = withVaList([number]) { vsnprintf(buffer.baseAddress!, 64, format, $0) }
            guard length >= 0, length < 64 else { return String(format: format, number) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(length)), as: UTF8.self)
        }
    }

    /// `line` without trailing white space, as the regex `\s+$` removes it: trailing spaces cut
    /// directly when a printable ASCII character precedes them, the regex otherwise.
    static func trimmedTrailingSpace(_ line: String) -> String {
        let utf8 = line.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
        if end > utf8.startIndex, (0x21...0x7E).contains(utf8[utf8.index(before: end)]) {
            return end == utf8.endIndex ? line : String(line[..<end])
        }
        return line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    /// One line of CSV or TSV (without its line end), quoted as RFC 4180, pandas' `to_csv` and
    /// Python's `csv` (QUOTE_MINIMAL) do: a field holding the separator, `"`, CR or LF is quoted,
    /// its quotes doubled; a line of one empty field is `""`, which is not an empty line.
    static func delimitedLine(_ fields: [String], separator: Character) -> String {
        if fields.count == 1, fields[0].isEmpty { return "\"\"" }
        return fields.map { quotedField($0, separator: separator) }.joined(separator: String(separator))
    }

    /// `text` as a CSV/TSV field. Bytes are tested and escaped, not characters: Swift sees
    /// `"\r\n"` as one character, equal to neither `"\r"` nor `"\n"`, and a `"` followed by a
    /// combining mark as one character that is not `"`.
    static func quotedField(_ text: String, separator: Character) -> String {
        let separatorByte = separator.asciiValue ?? UInt8(ascii: ",")
        let quote = UInt8(ascii: "\"")
        guard text.utf8.contains(where: { $0 == separatorByte || $0 == quote || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        var bytes: [UInt8] = [quote]
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if byte == quote { bytes.append(quote) }
            bytes.append(byte)
        }
        bytes.append(quote)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A Markdown table cell: `|` escaped, each line break a space (`terminalSafe`).
    static func markdownEscaped(_ text: String) -> String {
        terminalSafe(markdownCell.escaped(text), lineBreak: " ")
    }

    private static let markdownCell = TextEscaper(["|": "\\|"])

    /// `text` with each line break (CR LF, CR or LF) replaced by `lineBreak`, and every other
    /// control character but tab by U+FFFD: a value cannot break a table's line, move the
    /// cursor or send escape codes to a terminal.
    static func terminalSafe(_ text: String, lineBreak: String) -> String {
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar.value {
            case 0x0D:
                if pending == "\n" { pending = scalars.next() }
                result.append(contentsOf: lineBreak.unicodeScalars)
            case 0x0A: result.append(contentsOf: lineBreak.unicodeScalars)
            case 0x09: result.append(scalar)
            case 0..<0x20, 0x7F: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    static func table(columns: [String], rows: [[ConfigValue]], maxCellWidth: Int, color: Bool) -> String {
        func clip(_ text: String) -> String {
            let flat = terminalSafe(text, lineBreak: "⏎")
            return flat.count > maxCellWidth ? String(flat.prefix(maxCellWidth - 1)) + "…" : flat
        }
        let header = columns.map(clip)
        let body = rows.map { $0.map { clip(displayText($0)) } }
        let numeric = columns.indices.map { index in
            rows.contains { $0[index].isNumber } && rows.allSatisfy { $0[index].isNumber || $0[index].isNull }
        }
        var widths = header.map(\.count)
        for row in body { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            trimmedTrailingSpace(cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return numeric[index] ? pad + cell : cell + pad
            }.joined(separator: "  "))
        }
        var lines = [color ? "\u{1B}[1m" + line(header) + "\u{1B}[0m" : line(header)]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += body.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
