/// Splits delimited text (the TSV pandas writes with `to_csv(sep="\t")`) into rows of fields,
/// byte by byte, as pandas' C parser reads it back:
///
/// - a field that starts with `"` is quoted: inside, `""` is one `"`, and TAB or line breaks are
///   part of the field (a row may span lines); after the closing quote the field goes on to the
///   next TAB or line break;
/// - a `"` inside an unquoted field is an ordinary character;
/// - `\n`, `\r\n` and `\r` end a row; empty lines are skipped.
///
/// Fields are kept as byte ranges of the text; nothing is copied until a field is read.
///
/// ```swift
/// let table = bytes.withUnsafeBufferPointer { DelimitedText.split($0, from: 0, firstLine: 1) }
/// table.rows[0].line                 // the line the first row starts on
/// ```
package struct DelimitedText: Sendable {
    /// One field: its bytes in the text, quotes included when `isQuoted`.
    package struct Field: Sendable {
        var start: Int
        var end: Int
        /// The field started with `"`: its content needs `content(of:in:)` to drop the quoting.
        var isQuoted: Bool
    }

    /// One row: where its fields are in `fields`, and the 1-based line it starts on.
    package struct Row: Sendable {
        var line: Int
        var firstField: Int
        package var fieldCount: Int
    }

    var fields: [Field] = []
    package var rows: [Row] = []
    /// The line of a quoted field never closed before the end of the text (its row is left out).
    var unterminatedQuoteLine: Int?

    /// Splits `bytes[offset...]`, whose first line is line `firstLine` of the file.
    package static func split(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, firstLine: Int,
                      delimiter: UInt8 = 0x09) -> DelimitedText {
        var table = DelimitedText()
        let count = bytes.count
        var position = offset
        var line = firstLine
        table.fields.reserveCapacity(max(16, (count - offset) / 8))
        rows: while position < count {
            let first = bytes[position]
            if first == 0x0A || first == 0x0D {                 // an empty line
                position += (first == 0x0D && position + 1 < count && bytes[position + 1] == 0x0A) ? 2 : 1
                line += 1
                continue
            }
            let rowLine = line
            let firstField = table.fields.count
            while true {
                let start = position
                let quoted = position < count && bytes[position] == UInt8(ascii: "\"")
                if quoted {
                    position += 1
                    while true {
                        guard position < count else {
                            table.fields.removeSubrange(firstField...)
                            table.unterminatedQuoteLine = rowLine
                            break rows
                        }
                        let byte = bytes[position]
                        if byte == UInt8(ascii: "\"") {
                            if position + 1 < count && bytes[position + 1] == UInt8(ascii: "\"") {
                                position += 2
                                continue
                            }
                            position += 1
                            break
                        }
                        if byte == 0x0A || (byte == 0x0D && (position + 1 == count || bytes[position + 1] != 0x0A)) { line += 1 }
                        position += 1
                    }
                }
                while position < count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                    position += 1
                }
                table.fields.append(Field(start: start, end: position, isQuoted: quoted))
                guard position < count else { break }
                let byte = bytes[position]
                position += 1
                if byte == delimiter { continue }
                if byte == 0x0D && position < count && bytes[position] == 0x0A { position += 1 }
                line += 1
                break
            }
            table.rows.append(Row(line: rowLine, firstField: firstField, fieldCount: table.fields.count - firstField))
        }
        return table
    }

    /// The fields of a row.
    package func fields(of row: Row) -> ArraySlice<Field> {
        fields[row.firstField..<row.firstField + row.fieldCount]
    }

    /// Calls `body` with a field's content: the bytes themselves for an unquoted field, the text
    /// without its quoting (`""` → `"`) for a quoted one.
    static func withContent<T>(of field: Field, in bytes: UnsafeBufferPointer<UInt8>,
                               _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard field.isQuoted else { return body(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])) }
        var content: [UInt8] = []
        content.reserveCapacity(field.end - field.start)
        var inQuotes = false
        var index = field.start
        while index < field.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if inQuotes && index + 1 < field.end && bytes[index + 1] == UInt8(ascii: "\"") {
                    content.append(byte)
                    index += 2
                    continue
                }
                if inQuotes || index == field.start {
                    inQuotes.toggle()
                    index += 1
                    continue
                }
            }
            content.append(byte)
            index += 1
        }
        return content.withUnsafeBufferPointer(body)
    }

    /// A field's content as a string.
    package static func text(of field: Field, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        withContent(of: field, in: bytes) { String(decoding: $0, as: UTF8.self) }
    }
}
