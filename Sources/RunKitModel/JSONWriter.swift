import OrderedCollections

/// Writes `ConfigValue`s as JSON text, the way RunKit's contract says: map order kept,
/// ints without a decimal point, doubles always with one or an exponent, NaN and
/// ±infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
///
/// The text is written as UTF-8 bytes into a `[UInt8]` buffer (appending bytes is several
/// times cheaper than appending to a `String`); `string(_:indent:)` wraps it.
///
/// ```swift
/// JSONWriter.string(["loss": .double(.nan), "step": 3])   // {"loss":"NaN","step":3}
/// var bytes: [UInt8] = []
/// JSONWriter.write(run.record(), into: &bytes)             // the same text as UTF-8 bytes
/// ```
package enum JSONWriter {
    /// The value as compact JSON, or indented by `indent` spaces per level.
    package static func string(_ value: ConfigValue, indent: Int? = nil) -> String {
        var output: [UInt8] = []
        write(value, into: &output, indent: indent, level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the value as JSON (UTF-8) to `output`.
    package static func write(_ value: ConfigValue, into output: inout [UInt8], indent: Int? = nil, level: Int = 0) {
        switch value {
        case .null: append("null", to: &output)
        case .bool(let b): append(b ? "true" : "false", to: &output)
        case .int(let i): writeInt(i, into: &output)
        case .double(let d): writeDouble(d, into: &output)
        case .string(let s): writeString(s, into: &output)
        case .list(let list):
            if list.isEmpty { append("[]", to: &output); return }
            output.append(UInt8(ascii: "["))
            for (index, element) in list.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, indent, level + 1)
                write(element, into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output.append(UInt8(ascii: "]"))
        case .map(let map):
            if map.isEmpty { append("{}", to: &output); return }
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, element) in map {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(&output, indent, level + 1)
                writeString(key, into: &output)
                append(indent == nil ? ":" : ": ", to: &output)
                write(element, into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a compact JSON object with `keys` in order, each value written by `value`.
    ///
    /// ```swift
    /// JSONWriter.writeObject(["a", "b"], into: &bytes) { key, bytes in JSONWriter.writeString(key.uppercased(), into: &bytes) }
    /// // {"a":"A","b":"B"}
    /// ```
    package static func writeObject(_ keys: [String], into output: inout [UInt8], value: (String, inout [UInt8]) -> Void) {
        output.append(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            writeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
            value(key, &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// A double as JSON: shortest round-trip digits, always a `.` or exponent; non-finite as a string.
    package static func number(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return d.description
    }

    /// Appends `number(d)`.
    static func writeDouble(_ d: Double, into output: inout [UInt8]) {
        append(number(d), to: &output)
    }

    /// Appends an integer's decimal digits (what `String(i)` gives) without making a `String`.
    static func writeInt(_ i: Int, into output: inout [UInt8]) {
        if i < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        if magnitude < 10 { output.append(UInt8(ascii: "0") + UInt8(magnitude)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: room for UInt64.max's 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            output.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Appends a `String`'s UTF-8 bytes.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    private static func newline(_ output: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// Appends a JSON string literal with the escapes JSON requires. Runs of bytes that need no
    /// escape are copied in one piece (the common case: the whole string).
    package static func writeString(_ s: String, into output: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            output.append(UInt8(ascii: "\""))
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                switch byte {
                case UInt8(ascii: "\""): append("\\\"", to: &output)
                case UInt8(ascii: "\\"): append("\\\\", to: &output)
                case UInt8(ascii: "\n"): append("\\n", to: &output)
                case UInt8(ascii: "\r"): append("\\r", to: &output)
                case UInt8(ascii: "\t"): append("\\t", to: &output)
                default:
                    let hex = String(byte, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, to: &output)
                }
                start = index + 1
            }
            if start < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])) }
            output.append(UInt8(ascii: "\""))
        }
    }
}
