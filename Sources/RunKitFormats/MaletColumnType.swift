import RunKitModel

/// How a column of a malet log is typed: as `pandas.read_csv` infers it from the whole column,
/// then as malet's `str2value` meant to retype its text cells.
///
/// - A cell that is one of pandas' default NA strings (`''`, `NA`, `N/A`, `NaN`, `nan`, `None`,
///   `null`, `<NA>`, `#N/A`, …) is NaN, whatever the column.
/// - `int`: every other cell is an int and no cell is NA. An int column with one NA cell is a
///   float column (`561` reads as `561.0`), as in pandas.
/// - `float`: every other cell is a number (`1e-10`, `4.0`, `inf`, `-Infinity`); an all-NA
///   column is float too.
/// - `bool`: every other cell is `True`/`TRUE`/`true`/`False`/`FALSE`/`false`.
/// - `text`: anything else; each cell is read as a Python literal (`PythonLiteral`) and, when it
///   is not one, kept as the string it is. Unlike malet, the text is never altered first: malet
///   replaced every `inf` substring with `2e+308` and every `nan` with `None`, so `info: …`
///   became `2e+308o: …`; here only the names `inf` and `nan` themselves are floats.
package enum MaletColumnType: Sendable, Hashable {
    case int
    case float
    case bool
    case text

    /// The type of a column given its cells.
    package static func infer(_ cells: some Sequence<UnsafeBufferPointer<UInt8>>) -> MaletColumnType {
        var allInt = true, allFloat = true, allBool = true, anyNA = false, anyValue = false
        for cell in cells {
            if isNA(cell) {
                anyNA = true
                continue
            }
            anyValue = true
            if allInt && int(cell) == nil { allInt = false }
            if allFloat && !allInt && float(cell) == nil { allFloat = false }
            if allBool && bool(cell) == nil { allBool = false }
            if !allInt && !allFloat && !allBool { return .text }
        }
        if !anyValue { return .float }
        if allInt { return anyNA ? .float : .int }
        if allFloat { return .float }
        return allBool ? .bool : .text
    }

    /// A cell's value in a column of this type, and whether it is a tuple.
    package func value(of cell: UnsafeBufferPointer<UInt8>) -> PythonLiteral.Parsed {
        if Self.isNA(cell) { return PythonLiteral.Parsed(value: .double(.nan)) }
        switch self {
        case .int:
            return PythonLiteral.Parsed(value: Self.int(cell).map(ConfigValue.int) ?? .double(.nan))
        case .float:
            return PythonLiteral.Parsed(value: .double(Self.float(cell) ?? .nan))
        case .bool:
            return PythonLiteral.Parsed(value: Self.bool(cell).map(ConfigValue.bool) ?? .double(.nan))
        case .text:
            return PythonLiteral.parse(bytes: cell)
                ?? PythonLiteral.Parsed(value: .string(String(decoding: cell, as: UTF8.self)))
        }
    }

    // MARK: pandas' readers of one cell

    /// pandas' default `na_values`.
    private static let naStrings: [[UInt8]] = [
        "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ].map { Array($0.utf8) }

    static func isNA(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        if cell.isEmpty { return true }
        guard cell.count <= 8 else { return false }
        switch cell[0] {
        case UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "1"), UInt8(ascii: "<"), UInt8(ascii: "N"), UInt8(ascii: "n"):
            return naStrings.contains { $0.count == cell.count && $0.elementsEqual(cell) }
        default:
            return false
        }
    }

    /// An int as pandas reads one: blanks around, an optional sign, decimal digits; nil beyond 64 bits.
    static func int(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
        let (start, end) = trimmed(cell)
        var index = start
        var negative = false
        if index < end, cell[index] == UInt8(ascii: "-") || cell[index] == UInt8(ascii: "+") {
            negative = cell[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end else { return nil }
        var value = 0
        while index < end {
            let digit = Int(cell[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// A float as pandas reads one: blanks around, `[+-]digits[.digits][e[+-]digits]` with at
    /// least one digit, or `inf`/`infinity` in any case with an optional sign.
    static func float(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
        let (start, end) = trimmed(cell)
        var index = start
        if index < end, cell[index] == UInt8(ascii: "-") || cell[index] == UInt8(ascii: "+") { index += 1 }
        if index < end, cell[index] | 0x20 == UInt8(ascii: "i") {
            let word = String(decoding: UnsafeBufferPointer(rebasing: cell[index..<end]), as: UTF8.self).lowercased()
            guard word == "inf" || word == "infinity" else { return nil }
            return cell[start] == UInt8(ascii: "-") ? -.infinity : .infinity
        }
        var digits = 0
        func scanDigits() {
            while index < end, cell[index] >= 48, cell[index] <= 57 { index += 1; digits += 1 }
        }
        scanDigits()
        if index < end, cell[index] == UInt8(ascii: ".") { index += 1; scanDigits() }
        guard digits > 0 else { return nil }
        if index < end, cell[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end, cell[index] == UInt8(ascii: "-") || cell[index] == UInt8(ascii: "+") { index += 1 }
            let before = digits
            scanDigits()
            guard digits > before else { return nil }
        }
        guard index == end else { return nil }
        return PythonLiteral.decimalDouble(UnsafeBufferPointer(rebasing: cell[start..<end]))
    }

    /// pandas' default `true_values`/`false_values`.
    static func bool(_ cell: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch String(decoding: cell, as: UTF8.self) {
        case "True", "TRUE", "true": return true
        case "False", "FALSE", "false": return false
        default: return nil
        }
    }

    /// The range of `cell` without the blanks pandas skips around a number.
    private static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var start = 0, end = cell.count
        while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
        while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
        return (start, end)
    }
}
