/// A token of Hydra's override grammar in value mode (`OverrideLexer.g4`), found by ANTLR's
/// rule: the longest match wins, and on a tie the rule defined first.
struct HydraToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case parenOpen, comma, parenClose, bracketOpen, bracketClose, braceOpen, braceClose, colon, equal
        case float, int, bool, null, unquotedChar, identifier, escape, whitespace, quoted, interpolation
    }

    var kind: Kind
    var text: String
    /// Offset of the token's first character in the override.
    var offset: Int

    /// Splits `characters[start...]` into tokens; `offset` counts from the override's start.
    static func tokenize(_ characters: [Character], from start: Int) throws -> [HydraToken] {
        var tokens: [HydraToken] = []
        var position = start
        while position < characters.count {
            var best: (Kind, Int)?
            for (kind, rule) in rules {
                let length = rule(characters, position)
                if length > (best?.1 ?? 0) { best = (kind, length) }
            }
            guard let (kind, length) = best else {
                throw HydraOverrideParser.failure("token recognition error at '\(characters[position])'", at: position)
            }
            tokens.append(HydraToken(kind: kind, text: String(characters[position..<(position + length)]), offset: position))
            position += length
        }
        return tokens
    }

    typealias Rule = @Sendable ([Character], Int) -> Int

    /// The rules in the lexer's order.
    private static let rules: [(Kind, Rule)] = [
        (.parenOpen, { c, p in around(c, p, "(", before: true, after: true) }),
        (.comma, { c, p in around(c, p, ",", before: true, after: true) }),
        (.parenClose, { c, p in around(c, p, ")", before: true, after: false) }),
        (.bracketOpen, { c, p in around(c, p, "[", before: false, after: true) }),
        (.bracketClose, { c, p in around(c, p, "]", before: true, after: false) }),
        (.braceOpen, { c, p in around(c, p, "{", before: false, after: true) }),
        (.braceClose, { c, p in around(c, p, "}", before: true, after: false) }),
        (.colon, { c, p in around(c, p, ":", before: true, after: true) }),
        (.equal, { c, p in around(c, p, "=", before: true, after: true) }),
        (.float, float),
        (.int, { c, p in signed(c, p, unsignedInt) }),
        (.bool, { c, p in max(word(c, p, "true"), word(c, p, "false")) }),
        (.null, { c, p in word(c, p, "null") }),
        (.unquotedChar, { c, p in "/-\\+.$%*@?|".contains(c[p]) ? 1 : 0 }),
        (.identifier, identifier),
        (.escape, escape),
        (.whitespace, whitespace),
        (.quoted, quoted),
        (.interpolation, interpolation),
    ]

    private static func whitespace(_ c: [Character], _ p: Int) -> Int {
        var end = p
        while end < c.count, c[end] == " " || c[end] == "\t" { end += 1 }
        return end - p
    }

    /// `WS? X WS?` with each side optional as the rule says.
    private static func around(_ c: [Character], _ p: Int, _ symbol: Character, before: Bool, after: Bool) -> Int {
        var end = p
        if before { end += whitespace(c, end) }
        guard end < c.count, c[end] == symbol else { return 0 }
        end += 1
        if after { end += whitespace(c, end) }
        return end - p
    }

    private static func isDigit(_ character: Character) -> Bool { character >= "0" && character <= "9" }

    private static func isLetter(_ character: Character) -> Bool {
        character.isLetter
    }

    /// `'0' | [1-9] ('_'? DIGIT)*`.
    private static func unsignedInt(_ c: [Character], _ p: Int) -> Int {
        guard p < c.count, isDigit(c[p]) else { return 0 }
        if c[p] == "0" { return 1 }
        var end = p + 1
        while end < c.count {
            if isDigit(c[end]) { end += 1 } else if c[end] == "_", end + 1 < c.count, isDigit(c[end + 1]) { end += 2 } else { break }
        }
        return end - p
    }

    private static func signed(_ c: [Character], _ p: Int, _ body: Rule) -> Int {
        let sign = p < c.count && (c[p] == "+" || c[p] == "-") ? 1 : 0
        let length = body(c, p + sign)
        return length > 0 ? sign + length : 0
    }

    /// `INT_UNSIGNED? '.' DIGIT ('_'? DIGIT)* | INT_UNSIGNED '.'`.
    private static func pointFloat(_ c: [Character], _ p: Int) -> Int {
        let whole = unsignedInt(c, p)
        var end = p + whole
        guard end < c.count, c[end] == "." else { return 0 }
        end += 1
        guard end < c.count, isDigit(c[end]) else { return whole > 0 ? end - p : 0 }
        end += 1
        while end < c.count {
            if isDigit(c[end]) { end += 1 } else if c[end] == "_", end + 1 < c.count, isDigit(c[end + 1]) { end += 2 } else { break }
        }
        return end - p
    }

    /// `(INT_UNSIGNED | POINT_FLOAT) [eE] [+-]? INT_UNSIGNED`.
    private static func exponentFloat(_ c: [Character], _ p: Int) -> Int {
        let base = max(unsignedInt(c, p), pointFloat(c, p))
        guard base > 0 else { return 0 }
        var end = p + base
        guard end < c.count, c[end] == "e" || c[end] == "E" else { return 0 }
        end += 1
        if end < c.count, c[end] == "+" || c[end] == "-" { end += 1 }
        let exponent = unsignedInt(c, end)
        return exponent > 0 ? end + exponent - p : 0
    }

    private static func float(_ c: [Character], _ p: Int) -> Int {
        signed(c, p) { c, p in max(pointFloat(c, p), exponentFloat(c, p), word(c, p, "inf"), word(c, p, "nan")) }
    }

    /// A case-insensitive keyword.
    private static func word(_ c: [Character], _ p: Int, _ keyword: String) -> Int {
        guard p + keyword.count <= c.count else { return 0 }
        for (offset, letter) in keyword.enumerated() where c[p + offset].lowercased() != String(letter) { return 0 }
        return keyword.count
    }

    /// `(CHAR|'_') (CHAR|DIGIT|'_'|'-')*`.
    private static func identifier(_ c: [Character], _ p: Int) -> Int {
        guard p < c.count, isLetter(c[p]) || c[p] == "_" else { return 0 }
        var end = p + 1
        while end < c.count, isLetter(c[end]) || isDigit(c[end]) || c[end] == "_" || c[end] == "-" { end += 1 }
        return end - p
    }

    /// One or more of `\\`, `\(`, `\)`, `\[`, `\]`, `\{`, `\}`, `\:`, `\=`, `\,`, `\ `, `\TAB`.
    private static func escape(_ c: [Character], _ p: Int) -> Int {
        var end = p
        while end + 1 < c.count, c[end] == "\\", "\\()[]{}:=, \t".contains(c[end + 1]) { end += 2 }
        return end - p
    }

    /// `'…'` or `"…"`, where a backslash before the quote keeps it inside.
    private static func quoted(_ c: [Character], _ p: Int) -> Int {
        guard p < c.count, c[p] == "'" || c[p] == "\"" else { return 0 }
        let quote = c[p]
        var end = p + 1
        while end < c.count {
            if c[end] == "\\", end + 1 < c.count { end += 2; continue }
            if c[end] == quote { return end + 1 - p }
            end += 1
        }
        return 0
    }

    /// `${…}`, nested braces allowed.
    private static func interpolation(_ c: [Character], _ p: Int) -> Int {
        guard p + 1 < c.count, c[p] == "$", c[p + 1] == "{" else { return 0 }
        var depth = 0
        var end = p + 1
        while end < c.count {
            if c[end] == "{" { depth += 1 }
            if c[end] == "}" { depth -= 1; if depth == 0 { return end + 1 - p } }
            end += 1
        }
        return 0
    }
}
