import OrderedCollections

/// Writes `ConfigValue`s as JSON text, the way RunKit's contract says: map order kept,
/// ints without a decimal point, doubles always with one or an exponent, NaN and
/// ±infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
///
/// ```swift
/// JSONWriter.string(["loss": .double(.nan), "step": 3])   // {"loss":"NaN","step":3}
/// ```
public enum JSONWriter {
    /// The value as compact JSON, or indented by `indent` spaces per level.
    public static func string(_ value: ConfigValue, indent: Int? = nil) -> String {
        var output = ""
        write(value, into: &output, indent: indent, level: 0)
        return output
    }

    /// Appends the value as JSON to `output`.
    public static func write(_ value: ConfigValue, into output: inout String, indent: Int? = nil, level: Int = 0) {
        switch value {
        case .null: output += "null"
        case .bool(let b): output += b ? "true" : "false"
        case .int(let i): output += String(i)
        case .double(let d): output += number(d)
        case .string(let s): writeString(s, into: &output)
        case .list(let list):
            if list.isEmpty { output += "[]"; return }
            output += "["
            for (index, element) in list.enumerated() {
                if index > 0 { output += "," }
                newline(&output, indent, level + 1)
                write(element, into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output += "]"
        case .map(let map):
            if map.isEmpty { output += "{}"; return }
            output += "{"
            var first = true
            for (key, element) in map {
                if !first { output += "," }
                first = false
                newline(&output, indent, level + 1)
                writeString(key, into: &output)
                output += indent == nil ? ":" : ": "
                write(element, into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output += "}"
        }
    }

    /// A double as JSON: shortest round-trip digits, always a `.` or exponent; non-finite as a string.
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return d.description
    }

    private static func newline(_ output: inout String, _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: " ", count: indent * level)
    }

    /// Appends a JSON string literal with the escapes JSON requires. Runs of bytes that need no
    /// escape are appended in one piece (the common case: the whole string).
    public static func writeString(_ s: String, into output: inout String) {
        output += "\""
        // Scanned as a plain byte buffer (native strings are contiguous UTF-8): a tight loop.
        let needsEscape: (UInt8) -> Bool = { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        let escaped = s.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscape) }
            ?? s.utf8.contains(where: needsEscape)
        if !escaped {
            output += s
            output += "\""
            return
        }
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { output += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) }
                switch byte {
                case UInt8(ascii: "\""): output += "\\\""
                case UInt8(ascii: "\\"): output += "\\\\"
                case UInt8(ascii: "\n"): output += "\\n"
                case UInt8(ascii: "\r"): output += "\\r"
                case UInt8(ascii: "\t"): output += "\\t"
                default:
                    let hex = String(byte, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                start = index + 1
            }
            if start < bytes.count { output += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self) }
        }
        output += "\""
    }
}
