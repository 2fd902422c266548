/// fnmatch-style patterns as Python's `fnmatch.fnmatch` (case-sensitive): `*`, `?`, `[abc]`, `[!abc]`, ranges.
package enum Glob {
    /// True when `text` matches `pattern` as a whole.
    package static func matches(_ text: String, pattern: String) -> Bool {
        match(Array(text), 0, Array(pattern), 0)
    }

    private static func match(_ text: [Character], _ t: Int, _ pattern: [Character], _ p: Int) -> Bool {
        var t = t, p = p
        while p < pattern.count {
            switch pattern[p] {
            case "*":
                for start in t...text.count where match(text, start, pattern, p + 1) { return true }
                return false
            case "?":
                guard t < text.count else { return false }
            case "[":
                guard t < text.count, let (matched, next) = matchClass(text[t], pattern, p) else {
                    if t < text.count, pattern[p] == text[t], classEnd(pattern, p) == nil { break }
                    return false
                }
                guard matched else { return false }
                p = next
                t += 1
                continue
            default:
                guard t < text.count, text[t] == pattern[p] else { return false }
            }
            t += 1
            p += 1
        }
        return t == text.count
    }

    private static func classEnd(_ pattern: [Character], _ p: Int) -> Int? {
        var i = p + 1
        if i < pattern.count, pattern[i] == "!" { i += 1 }
        if i < pattern.count, pattern[i] == "]" { i += 1 }
        while i < pattern.count, pattern[i] != "]" { i += 1 }
        return i < pattern.count ? i : nil
    }

    private static func matchClass(_ c: Character, _ pattern: [Character], _ p: Int) -> (Bool, Int)? {
        guard let end = classEnd(pattern, p) else { return nil }
        var i = p + 1
        var negate = false
        if pattern[i] == "!" { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < end || (first && pattern[i] == "]" && i <= end) {
            first = false
            if i + 2 < end, pattern[i + 1] == "-" {
                if pattern[i] <= c && c <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if pattern[i] == c { matched = true }
                i += 1
            }
            if i > end { break }
        }
        return (matched != negate, end + 1)
    }
}
