import Foundation

/// malet's `[EXPR;start:step:stop(--start:step:stop)*]` list comprehension in a grid YAML:
/// each one is replaced, in the text, by Python's `str()` of
/// `[EXPR for i in range(start, stop, step)] + …`, before the YAML is read. EXPR may use only
/// `i`, digits, `+ - * / ( ) [ ] ,` and spaces (so `**`, `//` and tuples too), as malet allows.
///
/// ```swift
/// try MaletComprehension.expand("lr: [10**(-i);1:1:4]\n", file: "g.yaml")
/// // "lr: [0.1, 0.01, 0.001]\n"
/// ```
enum MaletComprehension {
    /// The text with every comprehension replaced; errors name the file and line.
    static func expand(_ text: String, file: String) throws -> String {
        guard text.contains(";") else { return text }
        let pattern = try Regex(#"\[[^;\n]+;(\d+:\d+:\d+(--)?)+\]"#)
        var result = text
        while let match = result.firstMatch(of: pattern) {
            let entry = String(result[match.range])
            let line = result[..<match.range.lowerBound].filter { $0 == "\n" }.count + 1
            func failure(_ message: String) -> RunKitError {
                RunKitError(.malformedFile, "\(file), line \(line): the comprehension \(entry) \(message).", path: file)
            }
            let inner = entry.dropFirst().dropLast()
            let parts = inner.split(separator: ";", maxSplits: 1)
            let expression = String(parts[0])
            guard expression.contains("i") else { throw failure("does not use the variable i") }
            let allowed = Set("+-*/[]i0123456789(), ")
            if let bad = expression.first(where: { !allowed.contains($0) }) {
                throw failure("uses '\(bad)', but malet allows only i, digits, + - * / ( ) [ ] , and spaces")
            }
            var values: [PythonValue] = []
            for range in parts[1].split(separator: "-", omittingEmptySubsequences: true) {
                let numbers = range.split(separator: ":").compactMap { Int($0) }
                guard numbers.count == 3 else { throw failure("has a malformed range \(range)") }
                let (start, step, stop) = (numbers[0], numbers[1], numbers[2])
                guard step != 0 else { throw failure("has a step of 0") }
                var i = start
                while step > 0 ? i < stop : i > stop {
                    do {
                        var parser = Parser(characters: Array(expression), i: i)
                        values.append(try parser.parse())
                    } catch let error as ExpressionError {
                        throw failure("cannot be evaluated (\(error.message))")
                    }
                    i += step
                }
            }
            result.replaceSubrange(match.range, with: PythonValue.list(values).text)
        }
        return result
    }

    struct ExpressionError: Error {
        var message: String
    }

    /// The values an expression can take.
    indirect enum PythonValue {
        case int(Int)
        case float(Double)
        case list([PythonValue])
        case tuple([PythonValue])

        /// Python's `str()`.
        var text: String {
            switch self {
            case .int(let value): return String(value)
            case .float(let value): return PythonRepr.float(value)
            case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
            case .tuple(let items):
                return items.count == 1 ? "(" + items[0].text + ",)" : "(" + items.map(\.text).joined(separator: ", ") + ")"
            }
        }

        var double: Double? {
            switch self {
            case .int(let value): return Double(value)
            case .float(let value): return value
            default: return nil
            }
        }
    }

    /// Python's expression grammar for the operators allowed.
    struct Parser {
        let characters: [Character]
        let i: Int
        var position = 0

        init(characters: [Character], i: Int) {
            self.characters = characters
            self.i = i
        }

        mutating func parse() throws -> PythonValue {
            let value = try sum()
            skipSpaces()
            guard position == characters.count else { throw ExpressionError(message: "unexpected '\(characters[position])'") }
            return value
        }

        private mutating func skipSpaces() {
            while position < characters.count, characters[position] == " " { position += 1 }
        }

        private mutating func take(_ symbol: String) -> Bool {
            skipSpaces()
            let symbolCharacters = Array(symbol)
            guard position + symbolCharacters.count <= characters.count,
                  Array(characters[position..<(position + symbolCharacters.count)]) == symbolCharacters else { return false }
            // `*` is not `**`, `/` is not `//`.
            if symbol.count == 1, position + 1 < characters.count, characters[position + 1] == symbolCharacters[0], "*/".contains(symbol) {
                return false
            }
            position += symbolCharacters.count
            return true
        }

        private mutating func sum() throws -> PythonValue {
            var value = try product()
            while true {
                if take("+") { value = try Self.arithmetic(value, try product(), "+") }
                else if take("-") { value = try Self.arithmetic(value, try product(), "-") }
                else { return value }
            }
        }

        private mutating func product() throws -> PythonValue {
            var value = try unary()
            while true {
                if take("**") { throw ExpressionError(message: "unexpected '**'") }
                if take("*") { value = try Self.arithmetic(value, try unary(), "*") }
                else if take("//") { value = try Self.arithmetic(value, try unary(), "//") }
                else if take("/") { value = try Self.arithmetic(value, try unary(), "/") }
                else { return value }
            }
        }

        private mutating func unary() throws -> PythonValue {
            if take("-") { return try Self.arithmetic(.int(0), try unary(), "-") }
            if take("+") { return try unary() }
            return try power()
        }

        private mutating func power() throws -> PythonValue {
            let base = try atom()
            if take("**") { return try Self.arithmetic(base, try unary(), "**") }
            return base
        }

        private mutating func atom() throws -> PythonValue {
            skipSpaces()
            guard position < characters.count else { throw ExpressionError(message: "the expression ends too early") }
            let character = characters[position]
            if character == "i" { position += 1; return .int(i) }
            if character.isNumber {
                var digits = ""
                while position < characters.count, characters[position].isNumber { digits.append(characters[position]); position += 1 }
                guard let value = Int(digits) else { throw ExpressionError(message: "the number \(digits) is too large") }
                return .int(value)
            }
            if take("(") {
                let (items, sawComma) = try sequence(closedBy: ")")
                return items.count == 1 && !sawComma ? items[0] : .tuple(items)
            }
            if take("[") { return .list(try sequence(closedBy: "]").items) }
            throw ExpressionError(message: "unexpected '\(character)'")
        }

        /// Comma-separated expressions up to `closer` (a trailing comma allowed).
        private mutating func sequence(closedBy closer: String) throws -> (items: [PythonValue], sawComma: Bool) {
            var items: [PythonValue] = []
            var sawComma = false
            if take(closer) { return (items, false) }
            while true {
                items.append(try sum())
                if take(",") {
                    sawComma = true
                    if take(closer) { return (items, true) }
                    continue
                }
                guard take(closer) else { throw ExpressionError(message: "expected ',' or '\(closer)'") }
                return (items, sawComma)
            }
        }

        /// Python's arithmetic on ints and floats (and `+` of lists, `*` of a list by an int).
        static func arithmetic(_ a: PythonValue, _ b: PythonValue, _ op: String) throws -> PythonValue {
            if case .int(let x) = a, case .int(let y) = b {
                func checked(_ result: (partialValue: Int, overflow: Bool)) throws -> PythonValue {
                    guard !result.overflow else { throw ExpressionError(message: "an integer overflows 64 bits") }
                    return .int(result.partialValue)
                }
                switch op {
                case "+": return try checked(x.addingReportingOverflow(y))
                case "-": return try checked(x.subtractingReportingOverflow(y))
                case "*": return try checked(x.multipliedReportingOverflow(by: y))
                case "/":
                    guard y != 0 else { throw ExpressionError(message: "division by zero") }
                    return .float(Double(x) / Double(y))
                case "//":
                    guard y != 0 else { throw ExpressionError(message: "integer division by zero") }
                    let quotient = x / y
                    return .int((x % y != 0 && (x < 0) != (y < 0)) ? quotient - 1 : quotient)
                default:
                    if y < 0 { return .float(pow(Double(x), Double(y))) }
                    var result = 1
                    for _ in 0..<y { result = try checked(result.multipliedReportingOverflow(by: x)).intValue }
                    return .int(result)
                }
            }
            if case .list(let x) = a, case .list(let y) = b, op == "+" { return .list(x + y) }
            guard let x = a.double, let y = b.double else { throw ExpressionError(message: "unsupported operand types for \(op)") }
            switch op {
            case "+": return .float(x + y)
            case "-": return .float(x - y)
            case "*": return .float(x * y)
            case "/":
                guard y != 0 else { throw ExpressionError(message: "float division by zero") }
                return .float(x / y)
            case "//":
                guard y != 0 else { throw ExpressionError(message: "float floor division by zero") }
                return .float((x / y).rounded(.down))
            default: return .float(pow(x, y))
            }
        }
    }
}

private extension MaletComprehension.PythonValue {
    var intValue: Int {
        if case .int(let value) = self { return value }
        return 0
    }
}
