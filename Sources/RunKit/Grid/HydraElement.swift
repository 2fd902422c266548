import OrderedCollections
import RunKitSupport

/// One value of a Hydra override, as Hydra's override parser gives it: a primitive, a quoted
/// string, a list or a dict. `rendered` is the text Hydra passes to a job.
///
/// ```swift
/// HydraElement.float(10).rendered                 // "10.0"
/// HydraElement.string("localhost:8080").rendered  // "localhost\\:8080"
/// HydraElement.list([.int(1), .int(2)]).rendered  // "[1,2]"
/// ```
package indirect enum HydraElement: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    /// An unquoted string (`abc`, `/data/a.csv`, `${a}`).
    case string(String)
    /// A quoted string: its text and the quote it was written with (`'` or `"`).
    case quoted(String, quote: Character)
    case list([HydraElement])
    /// A dict: keys are primitives (a string, an int …), in order.
    case dict([HydraDictEntry])

    /// The value as Hydra renders it in a job's override (`BasicSweeper`): floats as Python
    /// `repr`, bools `True`/`False`, `null`, unquoted strings with `\()[]{}:=, ` and TAB
    /// backslash-escaped, quoted strings with their quotes, containers without spaces.
    package var rendered: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .float(let number): return Self.floatText(number)
        case .string(let text): return Self.escaped(text)
        case .quoted(let text, let quote): return Self.withQuotes(text, quote: quote)
        case .list(let items): return "[" + items.map(\.rendered).joined(separator: ",") + "]"
        case .dict(let entries): return "{" + entries.map { $0.key.rendered + ":" + $0.value.rendered }.joined(separator: ",") + "}"
        }
    }

    /// The value as a `ConfigValue` (what the job's config holds): quoted strings lose their
    /// quotes, dict keys become their text.
    package var configValue: ConfigValue {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return .double(number)
        case .string(let text), .quoted(let text, _): return .string(text)
        case .list(let items): return .list(items.map(\.configValue))
        case .dict(let entries):
            var map = OrderedDictionary<String, ConfigValue>()
            for entry in entries { map[entry.key.keyText] = entry.value.configValue }
            return .map(map)
        }
    }

    /// A dict key's text: a string as it is, other primitives as Python prints them.
    var keyText: String {
        switch self {
        case .string(let text), .quoted(let text, _): return text
        default: return PythonRepr.str(configValue)
        }
    }

    /// Python's `repr`, as Hydra prints a float. An exponent with a leading zero (`1e-05`) is what
    /// Hydra prints, but Hydra would read it back as a string, so `HydraElement(configValue:)`
    /// values drop that zero (`floatText(_, readable: true)`).
    static func floatText(_ number: Double, readable: Bool = false) -> String {
        let text = PythonRepr.float(number)
        guard readable, let e = text.firstIndex(of: "e") else { return text }
        var exponent = String(text[text.index(after: e)...])
        let sign = exponent.first == "-" ? "-" : ""
        exponent.removeFirst()
        while exponent.count > 1, exponent.hasPrefix("0") { exponent.removeFirst() }
        return text[..<e] + "e" + sign + exponent
    }

    /// An unquoted string as Hydra writes it: each character `escape_special_characters` escapes
    /// after a backslash.
    static func escaped(_ text: String) -> String {
        specialCharacters.escaped(text)
    }

    private static let specialCharacters = TextEscaper(["\\": "\\\\", "(": "\\(", ")": "\\)", "[": "\\[", "]": "\\]",
                                                        "{": "\\{", "}": "\\}", ":": "\\:", "=": "\\=", ",": "\\,",
                                                        " ": "\\ ", "\t": "\\\t"])

    /// The run of backslashes at `index` (nil when there is none), and whether a quote or the
    /// end follows it: there, quoted strings double backslashes.
    static func backslashes(_ characters: [Character], at index: Int, quote: Character) -> (count: Int, beforeQuote: Bool)? {
        var end = index
        while end < characters.count, characters[end] == "\\" { end += 1 }
        guard end > index else { return nil }
        return (end - index, end == characters.count || characters[end] == quote)
    }

    /// `QuotedString.with_quotes()`: the quote escaped inside, and backslashes that come right
    /// before a quote (or the end) doubled so they stay backslashes.
    static func withQuotes(_ text: String, quote: Character) -> String {
        let characters = Array(text)
        var result = String(quote)
        var index = 0
        while index < characters.count {
            if let run = backslashes(characters, at: index, quote: quote) {
                result += String(repeating: "\\", count: run.beforeQuote ? run.count * 2 : run.count)
                index += run.count
                continue
            }
            if characters[index] == quote { result += "\\" }
            result.append(characters[index])
            index += 1
        }
        result.append(quote)
        return result
    }
}

/// One `key:value` of a Hydra dict.
package struct HydraDictEntry: Sendable, Hashable {
    package var key: HydraElement
    package var value: HydraElement

    package init(key: HydraElement, value: HydraElement) {
        self.key = key
        self.value = value
    }
}
