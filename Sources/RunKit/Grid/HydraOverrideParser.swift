/// Parses the value of one Hydra override (after `key=`) as Hydra's ANTLR grammar does:
/// `value: element | simpleChoiceSweep`, elements being primitives, quoted strings, lists,
/// dicts and function calls (`choice`, `range`, `interval`, `glob`, `sort`, `tag`, `int`,
/// `float`, `str`, `bool`).
struct HydraOverrideParser {
    private let tokens: [HydraToken]
    private var position = 0
    private let end: Int

    /// An `invalidArgument` error for a position in the override; `HydraOverride` adds the override.
    static func failure(_ message: String, at offset: Int) -> RunKitError {
        RunKitError(.invalidArgument, message, offset: offset)
    }

    /// Parses `characters[start...]`.
    static func parseValue(_ characters: [Character], from start: Int) throws -> HydraParsed {
        var parser = HydraOverrideParser(tokens: try HydraToken.tokenize(characters, from: start), end: characters.count)
        return try parser.value()
    }

    private init(tokens: [HydraToken], end: Int) {
        self.tokens = tokens
        self.end = end
    }

    private var current: HydraToken? { position < tokens.count ? tokens[position] : nil }

    private func peek(_ ahead: Int = 0) -> HydraToken.Kind? {
        position + ahead < tokens.count ? tokens[position + ahead].kind : nil
    }

    private func unexpected(_ expecting: String) -> RunKitError {
        guard let token = current else { return Self.failure("the value ends where \(expecting) was expected", at: end) }
        return Self.failure("unexpected '\(token.text)' where \(expecting) was expected", at: token.offset)
    }

    private mutating func value() throws -> HydraParsed {
        if tokens.isEmpty { return .element(.string("")) }
        let first = try element()
        guard peek() == .comma else {
            guard current == nil else { throw unexpected("',' or the end of the value") }
            return first
        }
        var parsed = [first]
        while peek() == .comma {
            position += 1
            parsed.append(try element())
        }
        guard current == nil else { throw unexpected("',' or the end of the value") }
        // Hydra parses a sweep inside a comma-separated sweep, and fails when it expands it.
        do {
            return .sweep(.choice(try parsed.map { try Self.plain($0, "a comma-separated sweep") }, simple: true))
        } catch let error as RunKitError {
            return .sweep(.invalid(message: error.description, typeName: "SIMPLE_CHOICE_SWEEP"))
        }
    }

    /// The element of a parsed value; a sweep where one value belongs is an error.
    static func plain(_ parsed: HydraParsed, _ place: String) throws -> HydraElement {
        switch parsed {
        case .element(let element): return element
        case .sweep(let sweep): throw failure("a \(sweep.typeName) cannot be an item of \(place)", at: 0)
        }
    }

    private mutating func element() throws -> HydraParsed {
        switch peek() {
        case .bracketOpen: return .element(try list())
        case .braceOpen: return .element(try dict())
        case .identifier where peek(1) == .parenOpen: return try function()
        case .quoted:
            let token = tokens[position]
            position += 1
            return .element(Self.quoted(token.text))
        default:
            return .element(try primitive(allowed: Self.primitiveKinds, what: "a value"))
        }
    }

    private static let primitiveKinds: Set<HydraToken.Kind> = [
        .identifier, .null, .int, .float, .bool, .interpolation, .unquotedChar, .colon, .escape, .whitespace,
    ]
    private static let dictKeyKinds: Set<HydraToken.Kind> = [.identifier, .null, .int, .float, .bool, .unquotedChar, .escape, .whitespace]

    /// `_createPrimitive`: one token typed (int, float, bool, null, string), several joined as
    /// a string with escapes undone; whitespace at either end dropped.
    private mutating func primitive(allowed: Set<HydraToken.Kind>, what: String) throws -> HydraElement {
        var run: [HydraToken] = []
        while let token = current, allowed.contains(token.kind) {
            run.append(token)
            position += 1
        }
        guard !run.isEmpty else { throw unexpected(what) }
        if run.first?.kind == .whitespace { run.removeFirst() }
        if run.last?.kind == .whitespace { run.removeLast() }
        guard !run.isEmpty else { throw Self.failure("a value cannot be only whitespace", at: tokens[position - 1].offset) }
        if run.count > 1 {
            return .string(run.map { $0.kind == .escape ? Self.unescaped($0.text) : $0.text }.joined())
        }
        let token = run[0]
        switch token.kind {
        case .identifier: return .string(token.text)
        case .int:
            guard let number = Int(token.text.replacingOccurrences(of: "_", with: "")) else {
                throw Self.failure("the integer \(token.text) does not fit in 64 bits", at: token.offset)
            }
            return .int(number)
        case .float: return .float(Self.pythonFloat(token.text))
        case .null: return .null
        case .bool: return .bool(token.text.lowercased() == "true")
        case .escape: return .string(Self.unescaped(token.text))
        default: return .string(token.text)
        }
    }

    /// Python's `float()` of a FLOAT token (`10.`, `1e-3`, `1_0.5`, `-inf`, `nan`).
    static func pythonFloat(_ text: String) -> Double {
        var digits = text.replacingOccurrences(of: "_", with: "").lowercased()
        var sign = 1.0
        if digits.hasPrefix("-") { sign = -1; digits.removeFirst() } else if digits.hasPrefix("+") { digits.removeFirst() }
        if digits == "inf" { return sign * .infinity }
        if digits == "nan" { return .nan }
        if digits.hasSuffix(".") { digits += "0" }
        if digits.hasPrefix(".") { digits = "0" + digits }
        digits = digits.replacingOccurrences(of: ".e", with: ".0e")
        return sign * (Double(digits) ?? .nan)
    }

    /// ESC tokens: every other character (`\\,` → `,`).
    private static func unescaped(_ text: String) -> String {
        String(text.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
    }

    /// A QUOTED_VALUE token: the text inside, with `\'` (and backslashes before a quote) undone.
    private static func quoted(_ token: String) -> HydraElement {
        let quote = token.first!
        let inner = Array(token.dropFirst().dropLast())
        var text = ""
        var index = 0
        while index < inner.count {
            if let run = HydraElement.backslashes(inner, at: index, quote: quote) {
                index += run.count
                text += String(repeating: "\\", count: run.beforeQuote ? run.count / 2 : run.count)
                if run.beforeQuote, index < inner.count { text.append(quote); index += 1 }
                continue
            }
            text.append(inner[index])
            index += 1
        }
        return .quoted(text, quote: quote)
    }

    private mutating func list() throws -> HydraElement {
        position += 1
        var items: [HydraElement] = []
        if peek() == .bracketClose { position += 1; return .list(items) }
        while true {
            items.append(try Self.plain(try element(), "a list"))
            if peek() == .comma { position += 1; continue }
            guard peek() == .bracketClose else { throw unexpected("',' or ']'") }
            position += 1
            return .list(items)
        }
    }

    private mutating func dict() throws -> HydraElement {
        position += 1
        var entries: [HydraDictEntry] = []
        if peek() == .braceClose { position += 1; return .dict(entries) }
        while true {
            let key = try primitive(allowed: Self.dictKeyKinds, what: "a dict key")
            guard peek() == .colon else { throw unexpected("':' after a dict key") }
            position += 1
            entries.append(HydraDictEntry(key: key, value: try Self.plain(try element(), "a dict")))
            if peek() == .comma { position += 1; continue }
            guard peek() == .braceClose else { throw unexpected("',' or '}'") }
            position += 1
            return .dict(entries)
        }
    }

    /// `name(arg, name=arg, …)`, evaluated.
    private mutating func function() throws -> HydraParsed {
        let name = tokens[position]
        position += 2
        var positional: [HydraParsed] = []
        var named: [(String, HydraParsed)] = []
        if peek() == .parenClose {
            position += 1
        } else {
            while true {
                if peek() == .identifier, peek(1) == .equal {
                    let argument = tokens[position].text
                    position += 2
                    named.append((argument, try element()))
                } else {
                    guard named.isEmpty else { throw unexpected("a named argument after named arguments") }
                    positional.append(try element())
                }
                if peek() == .comma { position += 1; continue }
                guard peek() == .parenClose else { throw unexpected("',' or ')'") }
                position += 1
                break
            }
        }
        do {
            return try HydraFunctions.call(name.text, positional: positional, named: named)
        } catch var error as RunKitError {
            if error.offset == nil || error.offset == 0 { error.offset = name.offset }
            throw error
        }
    }
}
