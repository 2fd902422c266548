/// Finds the names closest to a mistyped one, for "did you mean" hints.
package enum Suggestions {
    /// Up to `limit` candidates within a small edit distance of `name` (or containing it), closest first.
    package static func closest(to name: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        let lastComponent = name.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        var scored: [(Int, String)] = []
        var seen = Set<String>()
        for candidate in candidates where seen.insert(candidate).inserted {
            let lowered = candidate.lowercased()
            var distance = editDistance(target, Array(lowered))
            if let tail = lowered.split(separator: ".").last, !lastComponent.isEmpty {
                distance = min(distance, editDistance(Array(lastComponent), Array(tail)) + 1)
            }
            if lowered.contains(name.lowercased()) && !name.isEmpty { distance = min(distance, 1) }
            let threshold = max(2, target.count / 3)
            if distance <= threshold { scored.append((distance, candidate)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
