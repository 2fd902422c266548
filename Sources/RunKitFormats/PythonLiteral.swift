import OrderedCollections
import RunKitModel

/// Reads Python literals the way `ast.literal_eval` does, into `ConfigValue`s: what malet's
/// `str2value` meant to do with the text cells of a log (`"[0.1, 0.05]"`, `"(64, 64)"`,
/// `"{'a': 1}"`, `"True"`, `"0x1F"`).
///
/// ```swift
/// PythonLiteral.parse("[1.0, nan, -inf]")        // [1.0, NaN, -Infinity]
/// PythonLiteral.parse("{'a': 1, 'b': (2, 3)}")   // ["a": 1, "b": [2, 3]]
/// PythonLiteral.parse("banana")                  // nil: not a literal, keep the text
/// PythonLiteral.parseDetailed("(128,)")?.isTuple // true
/// ```
///
/// What it accepts, as Python 3.11 does: ints (decimal, `0x`, `0o`, `0b`, with `_`), floats,
/// `+`/`-` before a number, strings (`'…'`, `"…"`, triple quotes, `r` and `u` prefixes, escapes,
/// adjacent strings joined), `True`, `False`, `None`, lists, tuples (with or without parentheses
/// at the top), dicts, sets, `set()`, comments and line breaks inside brackets. The names `inf`
/// and `nan` are also accepted as floats (`str(float("nan"))` is `nan`): malet writes them so,
/// and its own reader replaced every `inf`/`nan` *substring* instead, corrupting `"info"` and
/// `"nan_skipped_step"`; here a name is only a float when it is exactly `inf` or `nan`.
///
/// What it rejects (nil: the caller keeps the text as a string): any other name or expression,
/// complex numbers, bytes and f-strings, unhashable dict keys. Python values map to
/// `ConfigValue` as: tuple and set → `.list` (`Parsed.isTuple` tells a top-level tuple), dict →
/// `.map` whose non-string keys are written as Python prints them (`1`, `(1, 2)`, `None`), an
/// int beyond 64 bits → the nearest `.double`.
package enum PythonLiteral {
    /// A parsed literal and whether it was written as a tuple.
    package struct Parsed: Sendable, Hashable {
        package var value: ConfigValue
        /// True for a tuple (`(1, 2)`, `(1,)`, `1, 2`): malet explodes list values into steps,
        /// never tuples.
        package var isTuple: Bool

        package init(value: ConfigValue, isTuple: Bool = false) {
            self.value = value
            self.isTuple = isTuple
        }
    }

    /// The value of a Python literal, or nil when the text is not one.
    package static func parse(_ text: String) -> ConfigValue? {
        parseDetailed(text)?.value
    }

    /// The value of a Python literal and whether it is a tuple, or nil when the text is not one.
    package static func parseDetailed(_ text: String) -> Parsed? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    /// The double a decimal number spells (`[+-]digits[.digits][e[+-]digits]`, `_` ignored),
    /// correctly rounded as Python's `float()` and strtod round it; nil when it is not one.
    ///
    /// Numbers of at most 15 significant digits times a power of ten up to 22 take Clinger's fast
    /// path (both operands are exact doubles, so one multiplication or division rounds correctly);
    /// others go through `Double(String)`.
    static func decimalDouble(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if index < token.count, token[index] == UInt8(ascii: "-") || token[index] == UInt8(ascii: "+") {
            negative = token[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        var exact = true
        var seenDot = false
        var underscores = false
        scan: while index < token.count {
            let byte = token[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if mantissa == 0 && byte == UInt8(ascii: "0") {
                    if seenDot { exponent -= 1 }
                } else if significant < 15 {
                    mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                    significant += 1
                    if seenDot { exponent -= 1 }
                } else {
                    exact = false
                }
            case UInt8(ascii: "."):
                guard !seenDot else { return nil }
                seenDot = true
            case UInt8(ascii: "_"):
                underscores = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                break scan
            default:
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < token.count {
            index += 1
            var sign = 1
            if index < token.count, token[index] == UInt8(ascii: "-") || token[index] == UInt8(ascii: "+") {
                sign = token[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            var value = 0
            var any = false
            while index < token.count {
                let byte = token[index]
                index += 1
                if byte == UInt8(ascii: "_") { underscores = true; continue }
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                any = true
                if value < 100_000 { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
            }
            guard any else { return nil }
            exponent += sign * value
        }
        if exact, mantissa == 0 { return negative ? -0.0 : 0.0 }
        if exact, (-22...22).contains(exponent) {
            let value = exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
            return negative ? -value : value
        }
        let text = underscores ? String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
                               : String(decoding: token, as: UTF8.self)
        return Double(text)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// Parses UTF-8 bytes (a TSV cell, without copying it into a `String` first).
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var parser = Parser(bytes: bytes)
        return parser.parseDocument()
    }
}

// MARK: - The parser

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    typealias Parsed = PythonLiteral.Parsed

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// The whole text: one expression, or several separated by commas (a tuple), and nothing else.
    mutating func parseDocument() -> Parsed? {
        skipSpace(newlines: true)
        guard position < bytes.count, let first = parseExpression(inBrackets: false) else { return nil }
        skipSpace(newlines: false)
        guard current == UInt8(ascii: ",") else {
            skipSpace(newlines: true)
            return position == bytes.count ? first : nil
        }
        var items = [first.value]
        while current == UInt8(ascii: ",") {
            position += 1
            skipSpace(newlines: false)
            if current == nil || current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") { break }
            guard let next = parseExpression(inBrackets: false) else { return nil }
            items.append(next.value)
            skipSpace(newlines: false)
        }
        skipSpace(newlines: true)
        return position == bytes.count ? Parsed(value: .list(items), isTuple: true) : nil
    }

    /// Skips blanks, comments and `\` line continuations; line breaks too inside brackets
    /// (Python's implicit line joining) or around the whole text.
    private mutating func skipSpace(newlines: Bool) {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0C:
                position += 1
            case 0x0A, 0x0D:
                guard newlines else { return }
                position += 1
            case UInt8(ascii: "#"):
                while let next = current, next != 0x0A, next != 0x0D { position += 1 }
            case UInt8(ascii: "\\"):
                if peek(1) == 0x0A { position += 2 }
                else if peek(1) == 0x0D { position += peek(2) == 0x0A ? 3 : 2 }
                else { return }
            default:
                return
            }
        }
    }

    private mutating func parseExpression(inBrackets: Bool) -> Parsed? {
        guard let byte = current, depth < ConfigValue.maximumDepth else { return nil }
        depth += 1
        defer { depth -= 1 }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            position += 1
            skipSpace(newlines: inBrackets)
            // Python allows a sign only before a number (not before a bool, `--1` or a bracket).
            guard let operand = parseNumberOrFloatName(), let number = operand.doubleValue else { return nil }
            guard byte == UInt8(ascii: "-") else { return Parsed(value: operand) }
            if case .int(let i) = operand, i != Int.min { return Parsed(value: .int(-i)) }
            return Parsed(value: .double(-number))
        case UInt8(ascii: "["):
            position += 1
            guard let items = parseItems(until: UInt8(ascii: "]")) else { return nil }
            return Parsed(value: .list(items))
        case UInt8(ascii: "("):
            return parseParentheses()
        case UInt8(ascii: "{"):
            return parseBraces()
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return parseStrings(raw: false)
        default:
            if isDigit(byte) || (byte == UInt8(ascii: ".") && (peek(1).map(isDigit) ?? false)) {
                return parseNumber().map { Parsed(value: $0) }
            }
            if isNameStart(byte) { return parseName() }
            return nil
        }
    }

    /// Comma-separated expressions up to `closer` (a trailing comma allowed); the opener is consumed.
    private mutating func parseItems(until closer: UInt8) -> [ConfigValue]? {
        var items: [ConfigValue] = []
        skipSpace(newlines: true)
        while current != closer {
            guard let item = parseExpression(inBrackets: true) else { return nil }
            items.append(item.value)
            skipSpace(newlines: true)
            if current == UInt8(ascii: ",") {
                position += 1
                skipSpace(newlines: true)
            } else if current != closer {
                return nil
            }
        }
        position += 1
        return items
    }

    /// `()`, `(x)` (just x, a tuple if x is one), `(x,)`, `(x, y)`.
    private mutating func parseParentheses() -> Parsed? {
        position += 1
        skipSpace(newlines: true)
        if current == UInt8(ascii: ")") {
            position += 1
            return Parsed(value: .list([]), isTuple: true)
        }
        guard let first = parseExpression(inBrackets: true) else { return nil }
        skipSpace(newlines: true)
        if current == UInt8(ascii: ")") {
            position += 1
            return first
        }
        guard current == UInt8(ascii: ",") else { return nil }
        position += 1
        guard let rest = parseItems(until: UInt8(ascii: ")")) else { return nil }
        return Parsed(value: .list([first.value] + rest), isTuple: true)
    }

    /// `{}` (a dict), `{k: v, …}` or `{x, …}` (a set, as a list).
    private mutating func parseBraces() -> Parsed? {
        position += 1
        skipSpace(newlines: true)
        if current == UInt8(ascii: "}") {
            position += 1
            return Parsed(value: .map([:]))
        }
        guard let first = parseExpression(inBrackets: true) else { return nil }
        skipSpace(newlines: true)
        guard current == UInt8(ascii: ":") else {
            guard isHashable(first) else { return nil }
            if current == UInt8(ascii: "}") {
                position += 1
                return Parsed(value: .list([first.value]))
            }
            guard current == UInt8(ascii: ","), let rest = parseItemsAfterComma(until: UInt8(ascii: "}")) else { return nil }
            return Parsed(value: .list([first.value] + rest))
        }
        var map = OrderedDictionary<String, ConfigValue>()
        var key = first
        while true {
            guard isHashable(key) else { return nil }
            position += 1   // the ':'
            skipSpace(newlines: true)
            guard let value = parseExpression(inBrackets: true) else { return nil }
            map[Self.keyText(key)] = value.value
            skipSpace(newlines: true)
            if current == UInt8(ascii: ",") {
                position += 1
                skipSpace(newlines: true)
            } else if current != UInt8(ascii: "}") {
                return nil
            }
            if current == UInt8(ascii: "}") {
                position += 1
                return Parsed(value: .map(map))
            }
            guard let next = parseExpression(inBrackets: true) else { return nil }
            skipSpace(newlines: true)
            guard current == UInt8(ascii: ":") else { return nil }
            key = next
        }
    }

    private mutating func parseItemsAfterComma(until closer: UInt8) -> [ConfigValue]? {
        position += 1
        return parseItems(until: closer)
    }

    /// Lists and dicts cannot be set members or dict keys.
    private func isHashable(_ parsed: Parsed) -> Bool {
        switch parsed.value {
        case .map: return false
        case .list: return parsed.isTuple
        default: return true
        }
    }

    /// A dict key as Python prints it: strings as they are, other values as `repr` writes them.
    static func keyText(_ key: Parsed) -> String {
        if case .string(let text) = key.value { return text }
        return repr(key.value, isTuple: key.isTuple)
    }

    static func repr(_ value: ConfigValue, isTuple: Bool = false) -> String {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d):
            if d.isNaN { return "nan" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            return String(d)
        case .string(let s): return "'" + s + "'"
        case .list(let items):
            let inner = items.map { repr($0) }.joined(separator: ", ")
            guard isTuple else { return "[" + inner + "]" }
            return items.count == 1 ? "(" + inner + ",)" : "(" + inner + ")"
        case .map(let map):
            return "{" + map.map { "'\($0.key)': " + repr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    // MARK: Names and numbers

    /// `True`, `False`, `None`, `inf`, `nan`, `set()`, or a string prefix (`r'…'`, `u'…'`).
    private mutating func parseName() -> Parsed? {
        let start = position
        while let byte = current, isNameContinuation(byte) { position += 1 }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if let quote = current, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
            switch name.lowercased() {
            case "u": return parseStrings(raw: false)
            case "r": return parseStrings(raw: true)
            default: return nil   // bytes (b'…') and f-strings are not values RunKit keeps
            }
        }
        switch name {
        case "True": return Parsed(value: .bool(true))
        case "False": return Parsed(value: .bool(false))
        case "None": return Parsed(value: .null)
        case "inf": return Parsed(value: .double(.infinity))
        case "nan": return Parsed(value: .double(.nan))
        case "set":
            skipSpace(newlines: false)
            guard current == UInt8(ascii: "(") else { return nil }
            position += 1
            skipSpace(newlines: true)
            guard current == UInt8(ascii: ")") else { return nil }
            position += 1
            return Parsed(value: .list([]))
        default: return nil
        }
    }

    /// The operand of a sign: a number, or `inf`/`nan`.
    private mutating func parseNumberOrFloatName() -> ConfigValue? {
        guard let byte = current else { return nil }
        if isDigit(byte) || byte == UInt8(ascii: ".") { return parseNumber() }
        guard isNameStart(byte), let parsed = parseName(), case .double = parsed.value else { return nil }
        return parsed.value
    }

    /// A Python number token: `12`, `1_000`, `0x1F`, `0o17`, `0b101`, `1.5`, `.5`, `5.`, `1e-3`.
    private mutating func parseNumber() -> ConfigValue? {
        let start = position
        if current == UInt8(ascii: "0"), let marker = peek(1) {
            let radix: Int
            switch marker | 0x20 {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: radix = 0
            }
            if radix != 0 {
                position += 2
                let digitsStart = position
                guard let count = skipDigits(radix: radix, allowLeadingUnderscore: true), count > 0,
                      !endsInName() else { return nil }
                return Self.integer(UnsafeBufferPointer(rebasing: bytes[digitsStart..<position]), radix: radix)
            }
        }
        guard let integerDigits = skipDigits(radix: 10, allowLeadingUnderscore: false) else { return nil }
        let integerEnd = position
        var isFloat = false
        if current == UInt8(ascii: ".") {
            position += 1
            isFloat = true
            guard let fractionDigits = skipDigits(radix: 10, allowLeadingUnderscore: false),
                  integerDigits + fractionDigits > 0 else { return nil }
        }
        if let e = current, e | 0x20 == UInt8(ascii: "e") {
            position += 1
            if let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard let exponentDigits = skipDigits(radix: 10, allowLeadingUnderscore: false), exponentDigits > 0 else { return nil }
            isFloat = true
        }
        // `1j` is complex; `1abc` is not a token.
        guard !endsInName(), position > start else { return nil }
        if !isFloat {
            let integer = UnsafeBufferPointer(rebasing: bytes[start..<integerEnd])
            // Python forbids leading zeros in a decimal int (`007`), but allows `0`, `00`.
            if integerDigits > 1, integer[0] == UInt8(ascii: "0"),
               integer.contains(where: { $0 > UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return nil }
            return Self.integer(integer, radix: 10)
        }
        return PythonLiteral.decimalDouble(UnsafeBufferPointer(rebasing: bytes[start..<position])).map(ConfigValue.double)
    }

    /// Digits of `radix` (underscores skipped) as an int, or the nearest double beyond 64 bits.
    private static func integer(_ digits: UnsafeBufferPointer<UInt8>, radix: Int) -> ConfigValue {
        var value = 0
        var approximate = 0.0
        var overflow = false
        for byte in digits where byte != UInt8(ascii: "_") {
            let digit = digitValue(byte) ?? 0
            approximate = approximate * Double(radix) + Double(digit)
            let (times, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = times.addingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            value = sum
        }
        guard overflow else { return .int(value) }
        return .double(radix == 10 ? PythonLiteral.decimalDouble(digits) ?? approximate : approximate)
    }

    /// Skips digits of `radix` with single `_` between them (Python 3.6+): how many digits, or nil
    /// for a misplaced `_`.
    private mutating func skipDigits(radix: Int, allowLeadingUnderscore: Bool) -> Int? {
        var count = 0
        var lastWasUnderscore = false
        while let byte = current {
            if byte == UInt8(ascii: "_") {
                guard !lastWasUnderscore, count > 0 || allowLeadingUnderscore else { return nil }
                lastWasUnderscore = true
                position += 1
                continue
            }
            guard let value = Self.digitValue(byte), value < radix else { break }
            count += 1
            lastWasUnderscore = false
            position += 1
        }
        return lastWasUnderscore ? nil : count
    }

    private func endsInName() -> Bool {
        guard let byte = current else { return false }
        return isNameContinuation(byte)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private func isNameContinuation(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }

    // MARK: Strings

    /// One string literal or several adjacent ones (`'a' "b"` is `'ab'`).
    private mutating func parseStrings(raw: Bool) -> Parsed? {
        var buffer: [UInt8] = []
        var isRaw = raw
        while true {
            guard scanString(raw: isRaw, into: &buffer) else { return nil }
            // Another string may follow: `'a' 'b'`, `'a' r'b'`.
            let save = position
            skipSpace(newlines: depth > 1)
            guard let next = current else { break }
            if next == UInt8(ascii: "'") || next == UInt8(ascii: "\"") {
                isRaw = false
                continue
            }
            if next | 0x20 == UInt8(ascii: "r") || next | 0x20 == UInt8(ascii: "u"),
               let quote = peek(1), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
                isRaw = next | 0x20 == UInt8(ascii: "r")
                position += 1
                continue
            }
            position = save
            break
        }
        return Parsed(value: .string(String(decoding: buffer, as: UTF8.self)))
    }

    /// One quoted literal (single or triple quotes) appended to `buffer`; false if unterminated or invalid.
    private mutating func scanString(raw: Bool, into buffer: inout [UInt8]) -> Bool {
        guard let quote = current else { return false }
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        while let byte = current {
            if byte == quote {
                if !triple {
                    position += 1
                    return true
                }
                if peek(1) == quote && peek(2) == quote {
                    position += 3
                    return true
                }
            }
            if (byte == 0x0A || byte == 0x0D) && !triple { return false }
            if byte == UInt8(ascii: "\\") {
                guard let next = peek(1) else { return false }
                if raw {
                    // A raw string keeps the backslash; it only stops the next quote from closing.
                    buffer.append(byte)
                    buffer.append(next)
                    position += 2
                    continue
                }
                position += 1
                guard scanEscape(into: &buffer) else { return false }
                continue
            }
            buffer.append(byte)
            position += 1
        }
        return false
    }

    /// Python's one-character escapes: `\n` → LF, `\t` → TAB, …; `\\`, `\'`, `\"` → the character itself.
    private static let singleEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "a"): 0x07,
        UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "v"): 0x0B,
        UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "'"): UInt8(ascii: "'"), UInt8(ascii: "\""): UInt8(ascii: "\""),
    ]

    /// The escape after a backslash (`position` on the character after it).
    private mutating func scanEscape(into buffer: inout [UInt8]) -> Bool {
        guard let byte = current else { return false }
        position += 1
        if let single = Self.singleEscapes[byte] {
            buffer.append(single)
            return true
        }
        switch byte {
        case 0x0A: return true                                   // line continuation
        case 0x0D:
            if current == 0x0A { position += 1 }
            return true
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var code = UInt32(byte - UInt8(ascii: "0"))
            for _ in 0..<2 {
                guard let next = current, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "7") else { break }
                code = code * 8 + UInt32(next - UInt8(ascii: "0"))
                position += 1
            }
            appendScalar(code, to: &buffer)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "x") ? 2 : (byte == UInt8(ascii: "u") ? 4 : 8)
            var code: UInt32 = 0
            for _ in 0..<count {
                guard let next = current, let value = Self.digitValue(next) else { return false }
                code = code * 16 + UInt32(value)
                position += 1
            }
            guard code <= 0x10FFFF else { return false }
            appendScalar(code, to: &buffer)
        case UInt8(ascii: "N"):
            return false                                         // \N{NAME}: no table of names here
        default:
            // Python keeps an unknown escape as written (with a warning).
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(byte)
        }
        return true
    }

    private func appendScalar(_ code: UInt32, to buffer: inout [UInt8]) {
        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"   // a lone surrogate cannot be kept
        buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}
