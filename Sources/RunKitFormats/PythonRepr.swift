import RunKitModel
import RunKitSupport

/// Python's `str()` of values, the inverse of `PythonLiteral`: what malet writes into a log's
/// cells and what Hydra prints for a number.
///
/// ```swift
/// PythonRepr.float(0.30000000000000004)    // "0.30000000000000004"
/// PythonRepr.float(1e16)                   // "1e+16"
/// PythonRepr.str(.list([64, 64]), tuple: true)   // "(64, 64)"
/// PythonRepr.str(["a": 1])                 // "{'a': 1}"
/// ```
///
/// Floats are `repr`: the shortest digits that read back to the same double, in fixed notation
/// when the decimal exponent is in -4 ..< 16 (`0.0001`, `1000000000000000.0`), else `1e-05`,
/// `1.5e+300`; `inf`, `-inf`, `nan`. Strings inside containers are quoted as `repr` quotes them.
package enum PythonRepr {
    /// `repr(float)`.
    package static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, pointPosition) = shortestDigits(value)
        let sign = negative ? "-" : ""
        let count = digits.count
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= count {
                return sign + digits + String(repeating: "0", count: pointPosition - count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let exponent = pointPosition - 1
        var mantissa = String(digits.prefix(1))
        if count > 1 { mantissa += "." + digits.dropFirst() }
        let magnitude = abs(exponent)
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }

    /// The shortest round-trip digits of a finite, non-zero double (Swift's `description` gives
    /// them), without leading or trailing zeros, and where the point goes: value = 0.DIGITS × 10^point.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, point: Int) {
        var text = Substring(value.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits = ""
        var point = 0
        var seenPoint = false
        for character in text {
            if character == "." { seenPoint = true; continue }
            digits.append(character)
            if !seenPoint { point += 1 }
        }
        point += exponent
        while digits.hasPrefix("0") { digits.removeFirst(); point -= 1 }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (negative, digits, point)
    }

    /// `str(value)`: a string as it is, other values as Python prints them (`None`, `True`,
    /// `[0.1, 'a']`, `{'a': 1}`); `tuple` prints a top-level list as a tuple (`(128,)`).
    package static func str(_ value: ConfigValue, tuple: Bool = false) -> String {
        if case .string(let text) = value { return text }
        return repr(value, tuple: tuple)
    }

    /// `repr(value)`: strings quoted (`'a'`, `"it's"`).
    package static func repr(_ value: ConfigValue, tuple: Bool = false) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number): return float(number)
        case .string(let text): return string(text)
        case .list(let items):
            let inner = items.map { repr($0) }.joined(separator: ", ")
            guard tuple else { return "[" + inner + "]" }
            return items.count == 1 ? "(" + inner + ",)" : "(" + inner + ")"
        case .map(let map):
            return "{" + map.map { string($0.key) + ": " + repr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// `repr(str)`: single quotes unless the text holds `'` and no `"`; `\\`, the quote, and
    /// control characters escaped.
    package static func string(_ text: String) -> String {
        guard text.contains("'") && !text.contains("\"") else { return "'" + singleQuoted.escaped(text) + "'" }
        return "\"" + doubleQuoted.escaped(text) + "\""
    }

    /// Inside `repr`'s quotes: backslash, line breaks and tab by name, other controls `\xNN`.
    private static let inQuotes: [Unicode.Scalar: String] = ["\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]
    private static let singleQuoted = TextEscaper(inQuotes.merging(["'": "\\'"]) { $1 }, otherwise: TextEscaper.hexControl)
    private static let doubleQuoted = TextEscaper(inQuotes.merging(["\"": "\\\""]) { $1 }, otherwise: TextEscaper.hexControl)
}
