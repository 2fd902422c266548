import OrderedCollections
import RunKitModel
import RunKitSupport

/// PyYAML's `yaml.dump` (block style, keys sorted) of a config: what malet writes as a log's
/// `[Static Configs]` header. Scalars are written so PyYAML (and `MaletYAML`) read them back as
/// the same value: a string that would read as something else (`'001'`, `'on'`, `''`) is
/// quoted, floats are Python's `repr` with `.0` before a bare exponent (`1.0e-08`).
///
/// ```swift
/// PyYAMLDump.dump(["model": "mlp", "opts": ["betas": [0.9, 0.99]]])
/// // "model: mlp\nopts:\n  betas:\n  - 0.9\n  - 0.99\n"
/// ```
package enum PyYAMLDump {
    package static func dump(_ map: OrderedDictionary<String, ConfigValue>) -> String {
        if map.isEmpty { return "{}\n" }
        var output = ""
        writeMap(map, indent: 0, into: &output)
        return output
    }

    private static func writeMap(_ map: OrderedDictionary<String, ConfigValue>, indent: Int, into output: inout String) {
        let pad = String(repeating: " ", count: indent)
        for key in map.keys.sorted() {
            let value = map[key]!
            output += pad + scalar(.string(key)) + ":"
            writeValue(value, indent: indent, into: &output)
        }
    }

    /// After `key:` or `-`: a scalar on the same line, a collection on the next lines.
    private static func writeValue(_ value: ConfigValue, indent: Int, into output: inout String, inSequence: Bool = false) {
        switch value {
        case .map(let map) where !map.isEmpty:
            if inSequence {
                // `- a: 1` then the other keys under `a`.
                var first = true
                let pad = String(repeating: " ", count: indent + 2)
                for key in map.keys.sorted() {
                    output += (first ? " " : pad) + scalar(.string(key)) + ":"
                    first = false
                    writeValue(map[key]!, indent: indent + 2, into: &output)
                }
            } else {
                output += "\n"
                writeMap(map, indent: indent + 2, into: &output)
            }
        case .list(let items) where !items.isEmpty:
            let pad = String(repeating: " ", count: indent)
            if inSequence {
                output += " -"
                writeValue(items[0], indent: indent + 2, into: &output, inSequence: true)
                for item in items.dropFirst() {
                    output += pad + "  -"
                    writeValue(item, indent: indent + 2, into: &output, inSequence: true)
                }
            } else {
                output += "\n"
                for item in items {
                    output += pad + "-"
                    writeValue(item, indent: indent, into: &output, inSequence: true)
                }
            }
        default:
            output += " " + scalar(value) + "\n"
        }
    }

    /// One scalar (or an empty collection) as PyYAML writes it.
    static func scalar(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            if number.isNaN { return ".nan" }
            if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
            let text = PythonRepr.float(number)
            return text.contains(".") || !text.contains("e") ? text : text.replacingOccurrences(of: "e", with: ".0e")
        case .string(let text): return string(text)
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    private static let plainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-")

    /// Plain when PyYAML would read the text back as this string; else single-quoted, or
    /// double-quoted with escapes when it holds a line break or a control character.
    private static func string(_ text: String) -> String {
        let plainSafe = !text.isEmpty && text.allSatisfy { plainCharacters.contains($0) || ($0.isLetter && !$0.isASCII) }
            && !text.hasPrefix("-") && !text.hasPrefix(".")
        if plainSafe, case .string(let back) = (try? MaletYAML.parse("k: " + text))?.mapValue?["k"] ?? .null, back == text {
            return text
        }
        if !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return "\"" + doubleQuoted.escaped(text) + "\""
    }

    /// Inside YAML's double quotes, as PyYAML writes them.
    private static let doubleQuoted = TextEscaper(["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"],
                                                  otherwise: TextEscaper.hexControl)
}
