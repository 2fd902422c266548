/// One cheap pass over YAML text, before any parser sees it, for the two things a parser could be
/// made to spend unbounded time or stack on:
///
/// - `depthBound`: an upper bound on how deeply the document can nest. A block node nested in
///   another starts at a greater column, except a sequence at its key's column, so block nesting is
///   at most `2 × (column + 1) + 1` on every line (a line's column counted after its leading
///   `- `, `? ` and `: ` indicators, which nest on the same line); flow nesting is at most the number
///   of `[` and `{` in the text. Both overcount (brackets in strings, indented text), never undercount.
/// - `hasAliasInKey`: an alias (`*name`) that may end up inside a mapping key: an alias followed by
///   `:`, or any alias in a document that has complex keys (`? `, or `]`/`}` followed by `:`). Yams
///   hashes every mapping key to find duplicates, and hashing an alias of a "billion laughs" node
///   walks all of its expansion, before RunKit ever sees the result.
///
/// ```swift
/// YAMLTextScan("a: [[1]]\n").depthBound        // 5 (block) + 2 (flow)
/// YAMLTextScan("k: &a [x]\n*a : 1\n").hasAliasInKey   // true
/// ```
struct YAMLTextScan {
    private(set) var depthBound = 0
    private(set) var hasAliasInKey = false
    /// Whether the text may hold an alias at all (`*name` where a token starts).
    private(set) var hasAlias = false

    init(_ text: String) {
        var copy = text
        copy.withUTF8 { self.scan($0) }
    }

    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>) {
        var blockBound = 0, flowOpenings = 0
        var aliasBeforeColon = false, sawAlias = false, sawComplexKey = false
        var p = 0
        let n = b.count
        while p < n {
            // One line: its leading spaces and compact indicators give its column.
            let lineStart = p
            while p < n, b[p] == space || b[p] == tab { p += 1 }
            while p < n, b[p] == dash || b[p] == question || b[p] == colon,
                  p + 1 == n || isBlank(b[p + 1]) || lineBreakLength(b, p + 1) > 0 {
                if b[p] == question { sawComplexKey = true }
                p += 1
                while p < n, b[p] == space || b[p] == tab { p += 1 }
            }
            blockBound = max(blockBound, 2 * (p - lineStart + 1) + 1)
            // The rest of the line.
            while p < n, lineBreakLength(b, p) == 0 {
                let c = b[p]
                // After a blank, `[`, `{`, `,` or `:` (`{"k":*a}` is an alias after an adjacent colon).
                let atTokenStart = p == lineStart || isBlank(b[p - 1]) || isFlowOpener(b[p - 1]) || b[p - 1] == comma || b[p - 1] == colon
                switch c {
                case openBracket, openBrace:
                    flowOpenings += 1
                case closeBracket, closeBrace:
                    if colonFollows(b, p + 1) { sawComplexKey = true }
                case question where atTokenStart && (p + 1 == n || isBlank(b[p + 1])):
                    sawComplexKey = true
                case asterisk where atTokenStart:
                    var q = p + 1
                    while q < n, isAnchorCharacter(b[q]) { q += 1 }
                    if q > p + 1 {
                        sawAlias = true
                        if colonFollows(b, q) { aliasBeforeColon = true }
                    }
                    p = q - 1
                default:
                    break
                }
                p += 1
            }
            p += max(lineBreakLength(b, p), p < n ? 1 : 0)
        }
        depthBound = blockBound + flowOpenings
        hasAliasInKey = aliasBeforeColon || (sawAlias && sawComplexKey)
        hasAlias = sawAlias
    }

    /// True when `:` comes at `p`, after spaces and tabs, on the same line.
    private func colonFollows(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var p = start
        while p < b.count, b[p] == space || b[p] == tab { p += 1 }
        return p < b.count && b[p] == colon
    }

    /// The length of the line break at `p` (libyaml's: LF, CR, CR LF, NEL, LS, PS), 0 for none.
    private func lineBreakLength(_ b: UnsafeBufferPointer<UInt8>, _ p: Int) -> Int {
        guard p < b.count else { return 0 }
        switch b[p] {
        case 0x0A: return 1
        case 0x0D: return p + 1 < b.count && b[p + 1] == 0x0A ? 2 : 1
        case 0xC2: return p + 1 < b.count && b[p + 1] == 0x85 ? 2 : 0
        case 0xE2: return p + 2 < b.count && b[p + 1] == 0x80 && (b[p + 2] == 0xA8 || b[p + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    private func isBlank(_ c: UInt8) -> Bool { c == space || c == tab }
    private func isFlowOpener(_ c: UInt8) -> Bool { c == openBracket || c == openBrace }
    /// libyaml's anchor characters: ASCII letters, digits, `-` and `_`.
    private func isAnchorCharacter(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == dash || c == 0x5F
    }
}

private let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), dash = UInt8(ascii: "-")
private let question = UInt8(ascii: "?"), colon = UInt8(ascii: ":"), comma = UInt8(ascii: ",")
private let asterisk = UInt8(ascii: "*")
private let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
private let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
