import OrderedCollections

/// A fast parser for the block-style YAML subset that PyYAML's `dump` writes with
/// `default_flow_style=False` — what OmegaConf's `to_yaml` writes for Hydra's
/// `.hydra/*.yaml`, and what MLflow (`meta.yaml`) and MLXP (`config.yaml`, `info.yaml`) write.
///
/// It returns nil for anything outside that subset, so the caller falls back to Yams; when it
/// returns a value, that value is exactly what `YAMLReader.parseWithYams` gives (same key
/// order, same scalar types). The subset:
///
/// - block mappings nested by indentation, with plain, `'single'` or `"double"` quoted keys;
/// - block sequences (`- item`), indented or at the same indent as their key, items that are
///   compact mappings (`- a: 1\n  b: 2`) or compact sequences (`- - a`);
/// - one-line scalars: plain (typed by `YAMLReader.typedPlainScalar`), single-quoted (`''`
///   escapes) and double-quoted (all of libyaml's escapes) — quoted scalars are strings;
/// - `{}` and `[]`, empty values (`key:` is null), whole-line and trailing `#` comments,
///   a leading `---`.
///
/// Everything else gives nil: flow collections with content, anchors, aliases, tags, block
/// scalars, scalars continued on the next line, complex keys, directives, more than one
/// document, tabs, carriage returns, control or byte-order-mark characters, duplicate keys,
/// and plain scalars whose type Yams might resolve differently than the subset rules
/// (`1_000`, `-.5`, `0x1F`, …).
///
/// ```swift
/// OmegaConfYAML.parse("model:\n  lr: 0.01\naugment:\n- flip\n")  // ["model": ["lr": 0.01], "augment": ["flip"]]
/// OmegaConfYAML.parse("a: &x 1\n")                                // nil: Yams handles anchors
/// ```
enum OmegaConfYAML {
    static func parse(_ text: String) -> ConfigValue? {
        var text = text
        return text.withUTF8 { bytes in
            var parser = BlockParser(bytes)
            return parser.document()
        }
    }
}

// MARK: - Parser

private enum Byte {
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let hash = UInt8(ascii: "#")
    static let colon = UInt8(ascii: ":")
    static let dash = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")

    static func isDigit(_ c: UInt8) -> Bool { c >= zero && c <= nine }

    /// Characters that cannot start a plain scalar (libyaml's list; `-` is handled apart).
    /// `?` and `:` could start one when a non-space follows, but the subset leaves them to Yams.
    static func cannotStartPlain(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"),
             UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
             UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"),
             UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: " "):
            return true
        default:
            return false
        }
    }

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case zero...nine: return UInt32(c - zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

/// One line holding content (blank and comment-only lines are dropped).
private struct Line {
    /// Offset of the first content byte (moved right for the content of a `- ` item).
    var start: Int
    /// Offset of the line's newline, or of the end of the text.
    let end: Int
    /// Column of `start`.
    var indent: Int
}

/// A one-line scalar or empty flow collection.
private enum Token {
    case plain(Int, Int)
    case quoted(String)
    case emptyMap
    case emptyList
}

/// Longest key accepted; libyaml refuses simple keys over 1024 characters.
private let maximumKeyLength = 512
/// Deepest block nesting accepted before leaving the document to Yams: one less than
/// `YAMLLimits.maximumDepth`, whose count includes the scalars inside the deepest block.
private let maximumDepth = YAMLLimits.maximumDepth - 1

/// The plain words `typedPlainScalar` types that start with neither a digit, a sign nor a dot:
/// YAML 1.1's bools and nulls, exactly the words of Yams' bool and null patterns.
private let plainWords: [UInt64: ConfigValue] = {
    let words = ["~", "null", "Null", "NULL", "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
                 "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]
    var table: [UInt64: ConfigValue] = [:]
    for word in words {
        guard let value = YAMLReader.typedPlainScalar(word) else { continue }
        table[word.utf8.reduce(0) { $0 << 8 | UInt64($1) }] = value
    }
    return table
}()

private struct BlockParser {
    let b: UnsafeBufferPointer<UInt8>
    var lines: [Line] = []
    /// The current line.
    var i = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        b = bytes
    }

    // MARK: Document

    mutating func document() -> ConfigValue? {
        guard splitLines() else { return nil }
        guard let first = lines.first else { return .map([:]) }
        let value: ConfigValue
        if b[first.start] == Byte.openBrace || b[first.start] == Byte.openBracket {
            var p = first.start
            guard let (token, isKey) = token(&p, first.end), !isKey else { return nil }
            switch token {
            case .emptyMap: value = .map([:])
            case .emptyList: value = .list([])
            default: return nil
            }
            i = 1
        } else {
            guard let block = block(first.indent) else { return nil }
            value = block
        }
        // (No `? value : nil` here: ConfigValue is ExpressibleByNilLiteral, so that nil would be `.null`.)
        guard i == lines.count else { return nil }
        return value
    }

    /// Splits the text into content lines, refusing bytes outside the subset: control
    /// characters (tabs and carriage returns included), DEL, C1 controls, NEL, line and
    /// paragraph separators, byte-order marks and U+FFFE/U+FFFF. Also refuses directives,
    /// document markers other than a leading `---`, and a `---` with no content.
    mutating func splitLines() -> Bool {
        let n = b.count
        var lineStart = 0
        var sawDocumentStart = false
        lines.reserveCapacity(n / 16 + 1)
        while true {
            var p = lineStart
            while p < n && b[p] == Byte.space { p += 1 }
            let contentStart = p
            while p < n {
                let c = b[p]
                if c == Byte.newline { break }
                if c < 0x20 || c == 0x7F { return false }
                if c >= 0xC2 {
                    switch c {
                    case 0xC2:
                        if p + 1 < n && b[p + 1] <= 0x9F { return false }
                    case 0xE2:
                        if p + 2 < n && b[p + 1] == 0x80 && (b[p + 2] == 0xA8 || b[p + 2] == 0xA9) { return false }
                    case 0xEF:
                        if p + 2 < n && b[p + 1] == 0xBB && b[p + 2] == 0xBF { return false }
                        if p + 2 < n && b[p + 1] == 0xBF && (b[p + 2] == 0xBE || b[p + 2] == 0xBF) { return false }
                    default:
                        break
                    }
                }
                p += 1
            }
            if contentStart < p && b[contentStart] != Byte.hash {
                if contentStart == lineStart && isDocumentMarker(at: lineStart, end: p) {
                    guard !sawDocumentStart, lines.isEmpty, b[lineStart] == Byte.dash else { return false }
                    var q = lineStart + 3
                    while q < p && b[q] == Byte.space { q += 1 }
                    guard q == p else { return false }
                    sawDocumentStart = true
                } else {
                    lines.append(Line(start: contentStart, end: p, indent: contentStart - lineStart))
                }
            }
            if p >= n { break }
            lineStart = p + 1
        }
        return !(sawDocumentStart && lines.isEmpty)
    }

    /// `---` or `...` at column 0 followed by a space or the end of the line.
    func isDocumentMarker(at p: Int, end: Int) -> Bool {
        guard end - p >= 3 else { return false }
        let c = b[p]
        guard (c == Byte.dash || c == Byte.dot), b[p + 1] == c, b[p + 2] == c else { return false }
        return end == p + 3 || b[p + 3] == Byte.space
    }

    // MARK: Blocks

    func isSequenceEntry(_ line: Line) -> Bool {
        b[line.start] == Byte.dash && (line.start + 1 == line.end || b[line.start + 1] == Byte.space)
    }

    /// The block node whose first line is the current one, at column `indent`.
    mutating func block(_ indent: Int) -> ConfigValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= maximumDepth else { return nil }
        return isSequenceEntry(lines[i]) ? sequence(indent) : mapping(indent)
    }

    mutating func mapping(_ indent: Int) -> ConfigValue? {
        var map = OrderedDictionary<String, ConfigValue>()
        while i < lines.count {
            let line = lines[i]
            if line.indent < indent { break }
            guard line.indent == indent, !isSequenceEntry(line) else { return nil }
            var p = line.start
            guard let (token, isKey) = token(&p, line.end), isKey else { return nil }
            let key: String
            switch token {
            case .plain(let start, let end):
                guard end - start <= maximumKeyLength else { return nil }
                key = string(start, end)
            case .quoted(let text):
                guard text.utf8.count <= maximumKeyLength else { return nil }
                key = text
            case .emptyMap, .emptyList:
                return nil
            }
            guard key != "<<",
                  let value = valueAfterIndicator(indent, &p, line.end, inMapping: true),
                  i == lines.count || lines[i].indent <= indent,
                  map.updateValue(value, forKey: key) == nil else { return nil }
        }
        return .map(map)
    }

    mutating func sequence(_ indent: Int) -> ConfigValue? {
        var list: [ConfigValue] = []
        while i < lines.count {
            let line = lines[i]
            guard line.indent == indent, isSequenceEntry(line) else { break }
            var p = line.start + 1
            while p < line.end && b[p] == Byte.space { p += 1 }
            let item: ConfigValue?
            if p == line.end || b[p] == Byte.hash {
                item = valueAfterIndicator(indent, &p, line.end, inMapping: false)
            } else {
                // A compact node: its column is where its content starts.
                let column = line.indent + (p - line.start)
                lines[i].start = p
                lines[i].indent = column
                var probe = p
                if isSequenceEntry(lines[i]) || token(&probe, line.end)?.1 == true {
                    item = block(column)
                } else {
                    item = valueAfterIndicator(indent, &p, line.end, inMapping: false)
                }
            }
            guard let item, i == lines.count || lines[i].indent <= indent else { return nil }
            list.append(item)
        }
        return .list(list)
    }

    /// The value after a key's `:` or an entry's `- ` (at `p` on the current line): a scalar on
    /// the same line, else a block on the next lines, else null. Moves past the value's lines.
    mutating func valueAfterIndicator(_ indent: Int, _ p: inout Int, _ end: Int, inMapping: Bool) -> ConfigValue? {
        while p < end && b[p] == Byte.space { p += 1 }
        if p == end || b[p] == Byte.hash {
            i += 1
            if i < lines.count {
                let next = lines[i]
                if next.indent > indent { return block(next.indent) }
                // PyYAML writes a mapping's sequence at the mapping's own indent.
                if inMapping && next.indent == indent && isSequenceEntry(next) {
                    depth += 1
                    defer { depth -= 1 }
                    guard depth <= maximumDepth else { return nil }
                    return sequence(indent)
                }
            }
            return .null
        }
        guard let (token, isKey) = token(&p, end), !isKey else { return nil }
        i += 1
        switch token {
        case .plain(let start, let end): return plainValue(start, end)
        case .quoted(let text): return .string(text)
        case .emptyMap: return .map([:])
        case .emptyList: return .list([])
        }
    }

    // MARK: Tokens

    /// Scans a one-line scalar or `{}`/`[]` at `p`. `isKey` is true when a `:` and a space
    /// (or the end of the line) follow it; `p` is then just after the `:`. Otherwise the rest
    /// of the line is checked to be blank or a comment. nil when outside the subset.
    func token(_ p: inout Int, _ end: Int) -> (Token, Bool)? {
        let c = b[p]
        switch c {
        case Byte.singleQuote:
            guard let text = singleQuoted(&p, end), let isKey = afterQuoted(&p, end) else { return nil }
            return (.quoted(text), isKey)
        case Byte.doubleQuote:
            guard let text = doubleQuoted(&p, end), let isKey = afterQuoted(&p, end) else { return nil }
            return (.quoted(text), isKey)
        case Byte.openBrace, Byte.openBracket:
            let close = c == Byte.openBrace ? Byte.closeBrace : Byte.closeBracket
            guard p + 1 < end, b[p + 1] == close else { return nil }
            p += 2
            guard afterQuoted(&p, end) == false else { return nil }
            return (c == Byte.openBrace ? .emptyMap : .emptyList, false)
        default:
            if c == Byte.dash {
                guard p + 1 < end, b[p + 1] != Byte.space else { return nil }
            } else if Byte.cannotStartPlain(c) {
                return nil
            }
            let start = p
            var q = p
            var contentEnd = p
            var isKey = false
            while q < end {
                let ch = b[q]
                if ch == Byte.colon && (q + 1 == end || b[q + 1] == Byte.space) {
                    isKey = true
                    break
                }
                if ch == Byte.space {
                    if q + 1 < end && b[q + 1] == Byte.hash { break }
                } else {
                    contentEnd = q + 1
                }
                q += 1
            }
            p = isKey ? q + 1 : end
            return (.plain(start, contentEnd), isKey)
        }
    }

    /// After a quoted scalar or `{}`/`[]`: true for a `:` key indicator right after it
    /// (`p` moves past it), false for the end of the line or a comment, nil otherwise.
    func afterQuoted(_ p: inout Int, _ end: Int) -> Bool? {
        if p < end && b[p] == Byte.colon {
            guard p + 1 == end || b[p + 1] == Byte.space else { return nil }
            p += 1
            return true
        }
        var q = p
        while q < end && b[q] == Byte.space { q += 1 }
        guard q == end || (b[q] == Byte.hash && q > p) else { return nil }
        p = end
        return false
    }

    func singleQuoted(_ p: inout Int, _ end: Int) -> String? {
        var q = p + 1
        var segment = q
        var buffer: [UInt8]?
        while q < end {
            if b[q] == Byte.singleQuote {
                if q + 1 < end && b[q + 1] == Byte.singleQuote {
                    buffer = (buffer ?? []) + UnsafeBufferPointer(rebasing: b[segment...q])
                    q += 2
                    segment = q
                    continue
                }
                p = q + 1
                guard var buffer else { return string(segment, q) }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: b[segment..<q]))
                return String(decoding: buffer, as: UTF8.self)
            }
            q += 1
        }
        return nil  // continues on the next line
    }

    func doubleQuoted(_ p: inout Int, _ end: Int) -> String? {
        var q = p + 1
        var segment = q
        var buffer: [UInt8]?
        while q < end {
            let c = b[q]
            if c == Byte.doubleQuote {
                p = q + 1
                guard var buffer else { return string(segment, q) }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: b[segment..<q]))
                return String(decoding: buffer, as: UTF8.self)
            }
            guard c == Byte.backslash else { q += 1; continue }
            var out = buffer ?? []
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[segment..<q]))
            guard q + 1 < end else { return nil }  // a line continuation
            var digits = 0
            switch b[q + 1] {
            case UInt8(ascii: "0"): out.append(0x00)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "e"): out.append(0x1B)
            case UInt8(ascii: " "): out.append(0x20)
            case UInt8(ascii: "\""): out.append(Byte.doubleQuote)
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "\\"): out.append(Byte.backslash)
            case UInt8(ascii: "N"): out.append(contentsOf: [0xC2, 0x85])
            case UInt8(ascii: "_"): out.append(contentsOf: [0xC2, 0xA0])
            case UInt8(ascii: "L"): out.append(contentsOf: [0xE2, 0x80, 0xA8])
            case UInt8(ascii: "P"): out.append(contentsOf: [0xE2, 0x80, 0xA9])
            case UInt8(ascii: "x"): digits = 2
            case UInt8(ascii: "u"): digits = 4
            case UInt8(ascii: "U"): digits = 8
            default: return nil
            }
            q += 2
            if digits > 0 {
                guard q + digits <= end else { return nil }
                var value: UInt32 = 0
                for k in q..<(q + digits) {
                    guard let h = Byte.hexValue(b[k]) else { return nil }
                    value = value << 4 | h
                }
                guard let scalar = Unicode.Scalar(value) else { return nil }  // surrogates, > U+10FFFF
                out.append(contentsOf: UTF8.encode(scalar)!)
                q += digits
            }
            buffer = out
            segment = q
        }
        return nil  // continues on the next line
    }

    // MARK: Scalars

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    /// Types a plain scalar as the Yams path does: `typedPlainScalar` when Yams' resolver gives
    /// a non-string tag, else a string. nil when the two might disagree (left to Yams).
    func plainValue(_ start: Int, _ end: Int) -> ConfigValue? {
        let c = b[start]
        if Byte.isDigit(c) || c == Byte.dash || c == Byte.plus || c == Byte.dot {
            switch numberShape(start, end) {
            case .integer(let value):
                return .int(value)
            case .decimal:
                // What `typedPlainScalar` does for this shape, without its string rewriting.
                let text = string(start, end)
                return Double(text).map(ConfigValue.double) ?? .string(text)
            case .other:
                let text = string(start, end)
                guard let typed = YAMLReader.typedPlainScalar(text) else { return .string(text) }
                guard yamsResolvesNumberLike(start, end) else { return nil }
                return typed
            }
        }
        // Other plain scalars type only as the bool and null words, which are exactly Yams'
        // bool and null patterns.
        if end - start <= 5, let word = plainWords[packWord(start, end)] { return word }
        return .string(string(start, end))
    }

    enum NumberShape {
        /// `[-+]?[0-9]{1,18}`: an `Int` that cannot overflow.
        case integer(Int)
        /// `[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?` with a dot or an exponent: both Yams and
        /// `typedPlainScalar` read it as a float (`typedPlainScalar` gives `Double(text)`).
        case decimal
        case other
    }

    func numberShape(_ start: Int, _ end: Int) -> NumberShape {
        var k = start
        let negative = b[k] == Byte.dash
        if b[k] == Byte.dash || b[k] == Byte.plus { k += 1 }
        let digitsStart = k
        var value = 0
        while k < end && Byte.isDigit(b[k]) {
            value = value &* 10 &+ Int(b[k] - Byte.zero)
            k += 1
        }
        let digits = k - digitsStart
        guard digits > 0 else { return .other }
        if k == end { return digits <= 18 ? .integer(negative ? -value : value) : .other }
        var sawDotOrExponent = false
        if b[k] == Byte.dot {
            k += 1
            _ = digitRun(&k, end)
            sawDotOrExponent = true
        }
        if k < end && (b[k] == Byte.lowerE || b[k] == Byte.upperE) {
            k += 1
            if k < end && (b[k] == Byte.dash || b[k] == Byte.plus) { k += 1 }
            guard digitRun(&k, end) > 0 else { return .other }
            sawDotOrExponent = true
        }
        return k == end && sawDotOrExponent ? .decimal : .other
    }

    /// Up to five bytes packed into an integer, to look plain words up without a `String`.
    func packWord(_ start: Int, _ end: Int) -> UInt64 {
        var packed: UInt64 = 0
        for k in start..<end { packed = packed << 8 | UInt64(b[k]) }
        return packed
    }

    /// Whether Yams' default resolver surely gives a non-string tag (int or float) to this
    /// scalar starting with a digit, sign or dot. Matches, without underscores, the forms
    /// `[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?`, `\.[0-9]+([eE][-+][0-9]+)?`,
    /// `[-+]?\.(inf|Inf|INF)` and `\.(nan|NaN|NAN)`; false for anything else.
    func yamsResolvesNumberLike(_ start: Int, _ end: Int) -> Bool {
        var k = start
        if b[k] == Byte.dash || b[k] == Byte.plus { k += 1 }
        guard k < end else { return false }
        if b[k] == Byte.dot {
            let word = string(k + 1, end)
            if word == "inf" || word == "Inf" || word == "INF" { return true }
            guard k == start else { return false }
            if word == "nan" || word == "NaN" || word == "NAN" { return true }
            k += 1
            guard digitRun(&k, end) > 0 else { return false }
            if k == end { return true }
            guard b[k] == Byte.lowerE || b[k] == Byte.upperE else { return false }
            k += 1
            guard k < end, b[k] == Byte.dash || b[k] == Byte.plus else { return false }
            k += 1
            return digitRun(&k, end) > 0 && k == end
        }
        guard digitRun(&k, end) > 0 else { return false }
        if k < end && b[k] == Byte.dot {
            k += 1
            _ = digitRun(&k, end)
        }
        if k < end && (b[k] == Byte.lowerE || b[k] == Byte.upperE) {
            k += 1
            if k < end && (b[k] == Byte.dash || b[k] == Byte.plus) { k += 1 }
            guard digitRun(&k, end) > 0 else { return false }
        }
        return k == end
    }

    func digitRun(_ k: inout Int, _ end: Int) -> Int {
        let start = k
        while k < end && Byte.isDigit(b[k]) { k += 1 }
        return k - start
    }
}
