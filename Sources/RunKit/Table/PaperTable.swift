import Foundation

/// A table for a paper, made from a `group`/`best` table: each `mean(X)` column merged with its
/// spread column (`std(X)`, else `sem(X)`, else `ci95(X)`) into one column `X` of `m ± s` cells,
/// numbers rounded sensibly, and the best value of each column with a goal in bold; rendered as
/// Markdown or a LaTeX `tabular`.
///
/// Digits: with a spread, the spread keeps two significant digits and the mean is rounded to the
/// same decimal place (`0.781 ± 0.030`); without, four significant digits. Ints stay whole; the
/// values of key columns (those not named like `f(…)`) print as the table prints them (`0.001`).
///
/// ```swift
/// let table = try runs.aggregated(by: ["model.type"], [.mean("metrics.acc"), .std("metrics.acc")])
/// let paper = PaperTable(table, goals: ["metrics.acc": .maximize])
/// print(paper.latex())   // \begin{tabular}{lr} … $\mathbf{0.93 \pm 0.01}$ …
/// ```
public struct PaperTable: Sendable {
    /// One cell: a value and, for a merged column, its spread.
    public struct Cell: Sendable, Hashable {
        public var value: ConfigValue
        public var spread: Double?
        public var bold: Bool
        /// Rounded for print (an aggregation's number); a key's value prints as it is.
        public var rounded: Bool
    }

    public private(set) var columns: [String]
    public private(set) var rows: [[Cell]]
    /// Which columns hold numbers (right-aligned).
    public private(set) var numeric: [Bool]

    /// Merges and marks `table`; `goals` maps a column (as named, or the `X` of `mean(X)`) to the
    /// direction in which it is better.
    public init(_ table: Table, goals: [String: OptimizationGoal] = [:]) {
        self.init(columns: table.columnNames, rows: table.rows, goals: goals)
    }

    /// The same from named columns and rows of values.
    public init(columns names: [String], rows: [[ConfigValue]], goals: [String: OptimizationGoal] = [:]) {
        func argument(_ name: String, of function: String) -> String? {
            guard name.hasPrefix(function + "("), name.hasSuffix(")") else { return nil }
            return String(name.dropFirst(function.count + 1).dropLast())
        }
        var spreadOf: [Int: Int] = [:]
        var used = Set<Int>()
        for (index, name) in names.enumerated() {
            guard let key = argument(name, of: "mean") else { continue }
            for function in ["std", "sem", "ci95"] {
                if let spread = names.firstIndex(of: "\(function)(\(key))"), !used.contains(spread) {
                    spreadOf[index] = spread
                    used.insert(spread)
                    break
                }
            }
        }
        var columns: [String] = []
        var cells: [[Cell]] = Array(repeating: [], count: rows.count)
        var numeric: [Bool] = []
        for (index, name) in names.enumerated() where !used.contains(index) {
            let merged = spreadOf[index].flatMap { _ in argument(name, of: "mean") }
            columns.append(merged ?? name)
            let goal = goals[name] ?? argument(name, of: "mean").flatMap { goals[$0] }
            let rounded = name.contains("(") && name.hasSuffix(")")
            var column = rows.map { row in
                Cell(value: row[index], spread: spreadOf[index].flatMap { row[$0].doubleValue }, bold: false, rounded: rounded)
            }
            if let goal {
                let best = column.reduce(nil as Double?) { best, cell in goal.prefers(cell.value.doubleValue, over: best) ? cell.value.doubleValue : best }
                for row in column.indices where best != nil && column[row].value.doubleValue == best { column[row].bold = true }
            }
            for row in rows.indices { cells[row].append(column[row]) }
            numeric.append(!column.isEmpty && column.allSatisfy { $0.value.doubleValue != nil || $0.value.isNull })
        }
        self.columns = columns
        self.rows = cells
        self.numeric = numeric
    }

    /// A Markdown table (`**bold**`, `m ± s`), columns of numbers right-aligned.
    public func markdown() -> String {
        var lines = ["| " + columns.map(RowsRenderer.markdownEscaped).joined(separator: " | ") + " |",
                     "|" + numeric.map { $0 ? " ---: " : " --- " }.joined(separator: "|") + "|"]
        for row in rows {
            lines.append("| " + row.map { cell in
                let text = Self.text(cell) { $0 + " ± " + $1 }
                let escaped = RowsRenderer.markdownEscaped(text)
                return cell.bold && !text.isEmpty ? "**" + escaped + "**" : escaped
            }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A LaTeX `tabular` (no packages needed): numbers in math mode (`$m \pm s$`,
    /// `$\mathbf{…}$` for the best), text escaped (`\_`, `\%`, `\textbackslash{}`, …).
    public func latex() -> String {
        var lines = ["\\begin{tabular}{" + numeric.map { $0 ? "r" : "l" }.joined() + "}", "\\hline",
                     columns.map(Self.latexEscaped).joined(separator: " & ") + " \\\\", "\\hline"]
        for row in rows {
            lines.append(row.map { cell -> String in
                let isBool = if case .bool = cell.value { true } else { false }
                guard let number = cell.value.doubleValue, !isBool else {
                    let text = Self.latexEscaped(cell.value.isNull ? "" : RowsRenderer.displayText(cell.value))
                    return cell.bold ? "\\textbf{" + text + "}" : text
                }
                if number.isNaN { return "NaN" }
                let math = Self.text(cell) { $0 + " \\pm " + $1 }.replacingOccurrences(of: "inf", with: "\\infty")
                return "$" + (cell.bold ? "\\mathbf{" + math + "}" : math) + "$"
            }.joined(separator: " & ") + " \\\\")
        }
        lines += ["\\hline", "\\end{tabular}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The cell's text, `join(m, s)` for a value with a spread.
    private static func text(_ cell: Cell, join: (String, String) -> String) -> String {
        switch cell.value {
        case .null: return ""
        case .int(let n): return String(n)
        case .double(let m) where !cell.rounded:
            return RowsRenderer.displayText(.double(m))
        case .double(let m):
            guard let s = cell.spread, s.isFinite, s > 0, m.isFinite else { return number(m) }
            let decimals = Swift.max(0, Swift.min(12, 1 - Int((log10(s)).rounded(.down))))
            return join(String(format: "%.\(decimals)f", m), String(format: "%.\(decimals)f", s))
        default: return RowsRenderer.displayText(cell.value)
        }
    }

    /// Four significant digits, no exponent between 1e-4 and 1e6.
    private static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = Int(log10(abs(value)).rounded(.down))
        guard (-4..<6).contains(magnitude) else { return String(format: "%.3e", value) }
        return String(format: "%.\(Swift.max(0, 3 - magnitude))f", value)
    }

    /// LaTeX's special characters escaped, so any text prints as itself; a character beyond
    /// Latin-1, which pdflatex's default fonts cannot set (an error that stops the document), is
    /// written as its code point, `[U+2713]`.
    static func latexEscaped(_ text: String) -> String {
        latex.escaped(RowsRenderer.terminalSafe(text, lineBreak: " "))
    }

    private static let latex = TextEscaper([
        "\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
        "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
        "<": "\\textless{}", ">": "\\textgreater{}", "|": "\\textbar{}",
    ]) { scalar in
        guard scalar.value > 0xFF else { return nil }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "[U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex + "]"
    }
}
