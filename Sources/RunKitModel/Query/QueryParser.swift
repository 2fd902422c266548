import RunKitSupport

/// A recursive-descent parser for queries and order-by terms, reading characters directly (a
/// double-quoted text is a field name where a field is expected and a string where a value is).
///
/// ```
/// query      := or?                                   (empty: every run)
/// or         := and (("or" | "|" | "||") and)*
/// and        := not (("and" | "&" | "&&") not)*
/// not        := ("not" | "~" | "!") not | primary
/// primary    := "(" or ")" | field operator value
/// operator   := = | == | != | <> | < | <= | > | >= | [NOT] IN | [NOT] LIKE | [NOT] ILIKE | IS [NOT] NULL
/// value      := number | 'string' | "string" | true | false | null | None | list
/// list       := ("[" | "(") [value ("," value)* [","]] ("]" | ")")
/// field      := segment ("." segment)* | reduction      segment := word | `quoted` | "quoted"
/// reduction  := (min|max|mean|first|last|count|argmin|argmax) "(" field ")" | (at|last) "(" field "," integer ")"
/// order term := ["-" | "+"] field [ASC | DESC]
/// ```
/// Keywords are case-insensitive. Errors are `RunKitError.invalidQuery` with the position.
struct QueryParser {
    private let text: String
    private let characters: [Character]
    private var index = 0
    private var depth = 0
    /// Deeper nesting than this is refused, so a hostile query cannot exhaust the stack.
    static let maximumDepth = 256

    init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    // MARK: Entry points

    /// The whole query.
    mutating func parseQuery() throws -> QueryNode {
        skipSpace()
        if atEnd { return .all }
        let node = try parseOr()
        skipSpace()
        if !atEnd {
            throw failure(peek == ")" ? "found ')' without a matching '('" : "expected AND, OR or the end of the query, found \(foundDescription)")
        }
        return node
    }

    /// One order-by term: `KEY [ASC|DESC]` or `[-|+]KEY`.
    mutating func parseOrderTerm() throws -> OrderTerm {
        skipSpace()
        var sign: Character?
        if let c = peek, c == "-" || c == "+" { sign = c; index += 1 }
        let field = try parseField()
        skipSpace()
        var descending = sign == "-"
        if !atEnd {
            let start = index
            let word = readWord().lowercased()
            guard word == "asc" || word == "desc" else {
                index = start
                throw failure("expected ASC, DESC or the end of the order-by after \(field.text), found \(foundDescription)" + Self.quotingHint)
            }
            if sign != nil { index = start; throw failure("give either a leading '\(sign!)' or \(word.uppercased()), not both") }
            descending = word == "desc"
            skipSpace()
            if !atEnd { throw failure("expected the end of the order-by after \(word.uppercased()), found \(foundDescription)") }
        }
        return OrderTerm(field: field, descending: descending)
    }

    /// One field alone.
    mutating func parseFieldOnly() throws -> QueryField {
        skipSpace()
        let field = try parseField()
        skipSpace()
        if !atEnd { throw failure("expected the end of the field name, found \(foundDescription)" + Self.quotingHint) }
        return field
    }

    /// Said after an error where a name probably holds a character a bare name cannot.
    static let quotingHint = "; quote names with other characters, like metrics.`val/acc`"

    // MARK: Logic

    private mutating func parseOr() throws -> QueryNode {
        var terms = [try parseAnd()]
        while matchConnector(symbol: "|", word: "or") { terms.append(try parseAnd()) }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseAnd() throws -> QueryNode {
        var terms = [try parseNot()]
        while matchConnector(symbol: "&", word: "and") { terms.append(try parseNot()) }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func parseNot() throws -> QueryNode {
        skipSpace()
        if matchNot() {
            try enter()
            defer { depth -= 1 }
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> QueryNode {
        skipSpace()
        guard !atEnd else { throw failure("expected a comparison (like metrics.loss < 0.5), found the end of the query") }
        if peek == "(" {
            let open = index
            index += 1
            try enter()
            defer { depth -= 1 }
            let inner = try parseOr()
            skipSpace()
            guard peek == ")" else {
                throw failure("expected ')' to close the '(' at \(position(of: open)), found \(foundDescription)")
            }
            index += 1
            return inner
        }
        return .comparison(try parseComparison())
    }

    /// `|`/`||` or `or` (and `&`/`&&`/`and`), consumed when present.
    private mutating func matchConnector(symbol: Character, word: String) -> Bool {
        skipSpace()
        if peek == symbol {
            index += peek(at: index + 1) == symbol ? 2 : 1
            return true
        }
        return matchKeyword(word)
    }

    private mutating func matchNot() -> Bool {
        if peek == "~" { index += 1; return true }
        if peek == "!" && peek(at: index + 1) != "=" { index += 1; return true }
        return matchKeyword("not")
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth { throw failure("the query nests deeper than \(Self.maximumDepth) levels") }
    }

    // MARK: Comparisons

    private mutating func parseComparison() throws -> QueryComparison {
        let field = try parseField()
        skipSpace()
        let op = try parseOperator(after: field)
        if op.testsPresence { return QueryComparison(field: field, op: op, value: .null, pattern: nil) }
        skipSpace()
        let valueStart = index
        let value = try parseValue()
        switch op {
        case .in:
            guard case .list = value else {
                index = valueStart
                throw failure("expected a list after \(op), like ('a', 'b') or [1, 2]")
            }
        case .like:
            guard case .string(let pattern) = value else {
                index = valueStart
                throw failure("expected a quoted pattern after \(op), like 'cnn-%'")
            }
            return QueryComparison(field: field, op: op, value: value, pattern: LikePattern(pattern), valueOffset: valueStart)
        default:
            break
        }
        let comparison = QueryComparison(field: field, op: op, value: value, pattern: nil, valueOffset: valueStart)
        if field.key.namespace == .metrics, let text = comparison.quotedNumber {
            index = valueStart
            throw failure(comparison.quotedNumberReason(text))
        }
        return comparison
    }

    private mutating func parseOperator(after field: QueryField) throws -> QueryOperator {
        let symbols: [(String, ComparisonOperator)] = [
            ("==", .equal), ("!=", .notEqual), ("<>", .notEqual), ("<=", .lessThanOrEqual), (">=", .greaterThanOrEqual),
            ("=", .equal), ("<", .lessThan), (">", .greaterThan),
        ]
        for (symbol, op) in symbols where matchSymbol(symbol) { return .compare(op) }
        let start = index
        switch readWord().lowercased() {
        case "in": return .in(negated: false)
        case "like": return .like(caseInsensitive: false, negated: false)
        case "ilike": return .like(caseInsensitive: true, negated: false)
        case "not":
            skipSpace()
            let afterNot = index
            switch readWord().lowercased() {
            case "in": return .in(negated: true)
            case "like": return .like(caseInsensitive: false, negated: true)
            case "ilike": return .like(caseInsensitive: true, negated: true)
            default: index = afterNot; throw failure("expected IN, LIKE or ILIKE after NOT, found \(foundDescription)")
            }
        case "is":
            skipSpace()
            let afterIs = index
            switch readWord().lowercased() {
            case "null": return .isNull(negated: false)
            case "not":
                skipSpace()
                let afterNot = index
                if readWord().lowercased() == "null" { return .isNull(negated: true) }
                index = afterNot
                throw failure("expected NULL after IS NOT, found \(foundDescription)")
            default: index = afterIs; throw failure("expected NULL or NOT NULL after IS, found \(foundDescription)")
            }
        default:
            index = start
            var reason = "expected a comparison operator (=, !=, <, <=, >, >=, IN, NOT IN, LIKE, ILIKE, IS NULL) after \(field.text), found \(foundDescription)"
            if let c = peek, !c.isWhitespace, c != "=", c != "<", c != ">", c != "!", c != "(", c != ")" {
                reason += Self.quotingHint
            }
            throw failure(reason)
        }
    }

    // MARK: Fields

    private mutating func parseField() throws -> QueryField {
        skipSpace()
        let start = index
        if let reduced = try parseReduction() { return reduced }
        var segments: [(name: String, quoted: Bool)] = []
        repeat {
            if let quote = peek, quote == "`" || quote == "\"" {
                let open = index
                index += 1
                var name = ""
                while let c = peek, c != quote { name.append(c); index += 1 }
                guard !atEnd else { index = open; throw failure("this quoted name is never closed (expected a closing \(quote))") }
                index += 1
                guard !name.isEmpty else { index = open; throw failure("expected a name between the quotes") }
                segments.append((name, true))
            } else if let c = peek, Self.isWordCharacter(c), !(segments.isEmpty && c.isNumber) {
                segments.append((readWord(), false))
            } else if segments.isEmpty {
                throw failure("expected a field name (like metrics.loss, params.lr or config.model.type), found \(foundDescription)")
            } else {
                throw failure("expected a name after '.', found \(foundDescription)")
            }
        } while matchSymbol(".")
        let written = String(characters[start..<index])
        let key: FieldKey
        if segments.allSatisfy({ !$0.quoted }) {
            key = FieldKey(written)
        } else if !segments[0].quoted, segments.count > 1, let namespace = FieldKey.namespace(forPrefix: segments[0].name) {
            key = FieldKey(namespace: namespace, name: segments.dropFirst().map(\.name).joined(separator: "."))
        } else {
            key = FieldKey(namespace: .bare, name: segments.map(\.name).joined(separator: "."))
        }
        return QueryField(key, text: written)
    }

    /// `function(field)` or `function(field, integer)` when a reduction's name and `(` come
    /// next (`max(history.val.acc)`, `at(history.loss, 100)`); nil (nothing consumed) otherwise.
    private mutating func parseReduction() throws -> QueryField? {
        let start = index
        let word = readWord()
        skipSpace()
        guard let function = HistoryReduction.Function(rawValue: word.lowercased()), peek == "(" else {
            index = start
            return nil
        }
        index += 1
        let fieldStart = index
        let inner = try parseField()
        guard inner.key.reduction == nil, [.history, .metrics, .bare].contains(inner.key.namespace) else {
            index = fieldStart
            throw failure("\(function.rawValue)(…) reduces a metric's history, like \(function.rawValue)(history.val.acc); \(inner.text) is no metric")
        }
        skipSpace()
        var argument: Int64?
        if matchSymbol(",") {
            skipSpace()
            let numberStart = index
            guard case .int(let number) = try parseNumber() else {
                index = numberStart
                throw failure("expected a whole number (a step, or how many last points) in \(function.rawValue)(…)")
            }
            argument = Int64(number)
        }
        skipSpace()
        guard matchSymbol(")") else { throw failure("expected ')' to close \(function.rawValue)(, found \(foundDescription)") }
        let reduction = HistoryReduction(function, argument)
        guard reduction.isWellFormed else {
            index = start
            throw failure(function == .at ? "at needs a step: at(history.loss, 100)"
                : function == .last ? "last(history.KEY, K) needs K ≥ 1" : "\(function.rawValue)(history.KEY) takes no second argument")
        }
        return QueryField(FieldKey(reducing: inner.key.name, by: reduction), text: String(characters[start..<index]))
    }

    // MARK: Values

    private mutating func parseValue() throws -> ConfigValue {
        skipSpace()
        guard let c = peek else { throw failure("expected a value (a number, a quoted string, true, false, null or a list), found the end of the query") }
        switch c {
        case "'", "\"": return .string(try parseString())
        case "[", "(": return try parseList()
        case "-", "+", ".", "0"..."9": return try parseNumber()
        default:
            let start = index
            let word = readWord()
            switch word.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null", "none": return .null
            case "":
                throw failure("expected a value (a number, a quoted string, true, false, null or a list), found \(foundDescription)")
            default:
                index = start
                throw failure("expected a value (a number, a quoted string, true, false, null or a list), found \(foundDescription); quote strings, like '\(word)'")
            }
        }
    }

    private mutating func parseList() throws -> ConfigValue {
        let open = index
        let closer: Character = peek == "[" ? "]" : ")"
        index += 1
        try enter()
        defer { depth -= 1 }
        var items: [ConfigValue] = []
        skipSpace()
        while peek != closer {
            items.append(try parseValue())
            skipSpace()
            if matchSymbol(",") { skipSpace(); continue }
            guard peek == closer else {
                throw failure("expected ',' or '\(closer)' to close the list opened at \(position(of: open)), found \(foundDescription)")
            }
        }
        index += 1
        return .list(items)
    }

    private mutating func parseString() throws -> String {
        let open = index
        let quote = characters[index]
        index += 1
        var result = ""
        while let c = peek, c != quote {
            index += 1
            guard c == "\\", let escaped = peek else { result.append(c); continue }
            index += 1
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "0": result.append("\0")
            case "\\", "'", "\"": result.append(escaped)
            case "u" where index + 4 <= characters.count:
                let hex = String(characters[index..<index + 4])
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                    index += 4
                } else {
                    result.append("\\u")
                }
            default: result.append("\\"); result.append(escaped)
            }
        }
        guard !atEnd else { index = open; throw failure("this string is never closed (expected a closing \(quote))") }
        index += 1
        return result
    }

    private mutating func parseNumber() throws -> ConfigValue {
        let start = index
        var isInteger = true
        if let c = peek, c == "-" || c == "+" { index += 1 }
        var digits = consumeDigits()
        if peek == "." { isInteger = false; index += 1; digits += consumeDigits() }
        guard digits > 0 else { index = start; throw failure("expected a value (a number, a quoted string, true, false, null or a list), found \(foundDescription)") }
        if let c = peek, c == "e" || c == "E" {
            isInteger = false
            index += 1
            if let sign = peek, sign == "-" || sign == "+" { index += 1 }
            guard consumeDigits() > 0 else { throw failure("expected the digits of the exponent, found \(foundDescription)") }
        }
        if let c = peek, Self.isWordCharacter(c) || c == "." { throw failure("unexpected \(foundDescription) after the number") }
        let literal = String(characters[start..<index])
        if isInteger, let value = Int(literal.hasPrefix("+") ? String(literal.dropFirst()) : literal) { return .int(value) }
        return .double(Double(literal) ?? .nan)
    }

    private mutating func consumeDigits() -> Int {
        var count = 0
        while let c = peek, c.isASCII, c.isNumber { index += 1; count += 1 }
        return count
    }

    // MARK: Characters

    private var atEnd: Bool { index >= characters.count }
    private var peek: Character? { peek(at: index) }
    private func peek(at position: Int) -> Character? { position < characters.count ? characters[position] : nil }

    private static func isWordCharacter(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }

    private mutating func skipSpace() {
        while let c = peek, c.isWhitespace { index += 1 }
    }

    private mutating func readWord() -> String {
        let start = index
        while let c = peek, Self.isWordCharacter(c) { index += 1 }
        return String(characters[start..<index])
    }

    private mutating func matchSymbol(_ symbol: String) -> Bool {
        var position = index
        for c in symbol {
            guard peek(at: position) == c else { return false }
            position += 1
        }
        index = position
        return true
    }

    /// A keyword (case-insensitive) that is a whole word, consumed when present.
    private mutating func matchKeyword(_ keyword: String) -> Bool {
        let start = index
        if readWord().lowercased() == keyword, peek != "." { return true }
        index = start
        return false
    }

    // MARK: Errors

    private var foundDescription: String {
        guard let c = peek else { return "the end of the query" }
        if Self.isWordCharacter(c) {
            var end = index
            while end < characters.count, Self.isWordCharacter(characters[end]) { end += 1 }
            return "'\(String(characters[index..<end]))'"
        }
        return c == "\n" ? "a line break" : "'\(c)'"
    }

    private func position(of offset: Int) -> String { "column \(RunKitError.location(in: characters, offset: offset).column)" }

    private func failure(_ reason: String) -> RunKitError {
        RunKitError(.invalidQuery(query: text, reason: reason), offset: index)
    }
}
