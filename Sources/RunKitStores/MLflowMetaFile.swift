import OrderedCollections
import RunKitFormats
import RunKitModel
import RunKitSupport

/// Reads the `meta.yaml` files of MLflow's file store (runs and experiments).
///
/// MLflow writes them with PyYAML's `safe_dump`: a flat block mapping, one `key: value` per line,
/// plain or single-quoted scalars, `[]`/`{}` for empty collections. That subset is parsed here
/// directly (much faster than a full YAML parser, and it keeps the text of string fields exactly:
/// PyYAML reads `run_name: 1e-3` as the string `1e-3`, not a number). Anything else (a value folded
/// onto a continuation line, double quotes, nesting) goes to `YAMLReader`.
enum MLflowMetaFile {
    /// Keys whose values are strings in MLflow's records, whatever their text looks like.
    static let stringKeys: Set<String> = [
        "run_id", "run_uuid", "run_name", "experiment_id", "user_id", "lifecycle_stage", "artifact_uri",
        "entry_point_name", "source_name", "source_version", "name", "artifact_location", "workspace",
    ]

    /// The record's entries in file order. Throws `malformedFile` naming `path` when the text is not
    /// YAML or not a mapping.
    static func parse(_ bytes: [UInt8], path: String) throws -> OrderedDictionary<String, ConfigValue> {
        if let fast = bytes.withUnsafeBufferPointer(parseFlat(bytes:)) { return fast }
        let value = try YAMLReader.parseWithYams(String(decoding: bytes, as: UTF8.self), file: path)
        guard case .map(let map) = value else {
            throw RunKitError(.malformedFile, "\(path) is not an MLflow record: expected `key: value` lines, found a \(value.typeName).", path: path)
        }
        return map
    }

    /// `parse` of text.
    static func parse(_ text: String, path: String) throws -> OrderedDictionary<String, ConfigValue> {
        try parse(Array(text.utf8), path: path)
    }

    /// A string field: strings as they are, numbers as text (a legacy int `experiment_id: 0`), nil for null or missing.
    static func text(_ value: ConfigValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .bool(let b)?: return b ? "True" : "False"
        case .double(let d)?: return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        default: return nil
        }
    }

    /// An integer field (times): nil for null, missing or non-numbers.
    static func int64(_ value: ConfigValue?) -> Int64? {
        switch value {
        case .int(let i)?: return Int64(i)
        case .double(let d)? where d.isFinite && d.rounded() == d && abs(d) < 9.2e18: return Int64(d)
        case .string(let s)?: return Int64(s)
        default: return nil
        }
    }

    /// The fast path: nil when the text is outside the flat subset PyYAML writes.
    static func parseFlat(_ text: String) -> OrderedDictionary<String, ConfigValue>? {
        Array(text.utf8).withUnsafeBufferPointer(parseFlat(bytes:))
    }

    /// The fast path over UTF-8 bytes, one line at a time.
    static func parseFlat(bytes: UnsafeBufferPointer<UInt8>) -> OrderedDictionary<String, ConfigValue>? {
        var result = OrderedDictionary<String, ConfigValue>(minimumCapacity: 16)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != newline { end += 1 }
            var upper = end
            while upper > start && (bytes[upper - 1] == carriageReturn || bytes[upper - 1] == space || bytes[upper - 1] == tab) { upper -= 1 }
            defer { start = end + 1 }
            guard upper > start, bytes[start] != hash else { continue }
            if lineStartsOutsideSubset.contains(bytes[start]) { return nil }
            var colon = start
            while colon < upper && bytes[colon] != colonByte { colon += 1 }
            guard colon > start, colon < upper, bytes[colon - 1] != space else { return nil }
            let keyBytes = UnsafeBufferPointer(rebasing: bytes[start..<colon])
            if keyBytes.contains(hash) { return nil }
            var valueStart = colon + 1
            if valueStart < upper && bytes[valueStart] != space { return nil }
            while valueStart < upper && bytes[valueStart] == space { valueStart += 1 }
            let key = String(decoding: keyBytes, as: UTF8.self)
            guard result[key] == nil,
                  let value = scalar(UnsafeBufferPointer(rebasing: bytes[valueStart..<upper]), key: key) else { return nil }
            result[key] = value
        }
        return result
    }

    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t"), hash = UInt8(ascii: "#"), colonByte = UInt8(ascii: ":")
    private static let quote = UInt8(ascii: "'")
    /// First bytes of a line that the flat subset never has: indentation, sequences, quoted or complex keys, directives.
    private static let lineStartsOutsideSubset: Set<UInt8> = Set(" \t-'\"?[{%!&*".utf8)
    /// First bytes of a value that need the full parser: double quotes, block scalars, anchors, tags, reserved.
    private static let valueStartsOutsideSubset: Set<UInt8> = Set("\"|>&*!%@`#".utf8)

    private static func scalar(_ text: UnsafeBufferPointer<UInt8>, key: String) -> ConfigValue? {
        guard let first = text.first else { return .null }
        if first == quote {
            guard text.count >= 2, text[text.count - 1] == quote else { return nil }
            var unescaped: [UInt8] = []
            unescaped.reserveCapacity(text.count - 2)
            var index = 1
            while index < text.count - 1 {
                if text[index] == quote {
                    // Inside, a quote is only ever doubled; a lone one ends the scalar early: not the simple case.
                    guard index + 1 < text.count - 1, text[index + 1] == quote else { return nil }
                    index += 1
                }
                unescaped.append(text[index])
                index += 1
            }
            return .string(String(decoding: unescaped, as: UTF8.self))
        }
        if first == UInt8(ascii: "[") { return text.count == 2 && text[1] == UInt8(ascii: "]") ? .list([]) : nil }
        if first == UInt8(ascii: "{") { return text.count == 2 && text[1] == UInt8(ascii: "}") ? .map([:]) : nil }
        if valueStartsOutsideSubset.contains(first) { return nil }
        if (first == UInt8(ascii: "-") || first == UInt8(ascii: "?")) && (text.count == 1 || text[1] == space) { return nil }
        // `: ` or ` #` inside, or a final `:`, mean something else than a plain scalar.
        if text[text.count - 1] == colonByte { return nil }
        for index in 1..<text.count where text[index] == colonByte || text[index] == hash {
            if text[index] == colonByte, index + 1 < text.count, text[index + 1] == space || text[index + 1] == tab { return nil }
            if text[index] == hash, text[index - 1] == space || text[index - 1] == tab { return nil }
        }
        let plain = String(decoding: text, as: UTF8.self)
        switch plain {
        case "~", "null", "Null", "NULL": return .null
        default: break
        }
        if stringKeys.contains(key) { return .string(plain) }
        return YAMLReader.typedPlainScalar(plain) ?? .string(plain)
    }
}
