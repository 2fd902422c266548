/// Rewrites text one Unicode scalar at a time by a table: a scalar in the table becomes its
/// replacement (`""` drops it), any other goes to `otherwise` (nil keeps it). Each format that
/// escapes strings this way (XML text, Python `repr`, YAML double quotes, Hydra overrides,
/// SQLite URI file names, Markdown cells) is one table.
///
/// ```swift
/// let xml = TextEscaper(["&": "&amp;", "<": "&lt;", ">": "&gt;"])
/// xml.escaped("a<b & c")   // "a&lt;b &amp; c"
/// ```
///
/// Text with nothing to escape is returned as it is, without a copy. Two escapers stay apart on
/// purpose: `JSONWriter.writeString` escapes bytes straight into the output buffer (about 4× faster
/// on typical run values, and it writes every string of every export), and CSV quoting decides
/// whether to quote a whole field, which a per-scalar table cannot say.
package struct TextEscaper: Sendable {
    /// The replacement of each ASCII scalar, nil to keep it: `table` and `otherwise` looked up once.
    private let ascii: [String?]
    private let table: [Unicode.Scalar: String]
    private let otherwise: @Sendable (Unicode.Scalar) -> String?

    package init(_ table: [Unicode.Scalar: String],
                 otherwise: @escaping @Sendable (Unicode.Scalar) -> String? = { _ in nil }) {
        self.table = table
        self.otherwise = otherwise
        ascii = (0..<128).map { value in
            let scalar = Unicode.Scalar(UInt8(value))
            return table[scalar] ?? otherwise(scalar)
        }
    }

    /// The replacement of `scalar`, nil when it is kept.
    @inline(__always)
    private func replacement(_ scalar: Unicode.Scalar) -> String? {
        scalar.isASCII ? ascii[Int(scalar.value)] : table[scalar] ?? otherwise(scalar)
    }

    /// `text` with every scalar the table or `otherwise` names replaced.
    package func escaped(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { replacement($0) != nil }) else { return text }
        var result = String.UnicodeScalarView(scalars[..<first])
        for scalar in scalars[first...] {
            if let replacement = replacement(scalar) {
                result.append(contentsOf: replacement.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// `\xNN` for a C0 control character or DEL (how Python's `repr` and YAML's double quotes
    /// write one), else nil: the `otherwise` of those tables.
    package static func hexControl(_ scalar: Unicode.Scalar) -> String? {
        guard scalar.value < 0x20 || scalar.value == 0x7F else { return nil }
        let hex = String(scalar.value, radix: 16)
        return "\\x" + (hex.count < 2 ? "0" : "") + hex
    }
}
