/// A compiled `LIKE` pattern: `%` any run of characters, `_` any one character, everything else
/// itself (no escapes, as MLflow has none). Matching runs the pattern as a small automaton over
/// the value's Unicode scalars: linear in the value, no backtracking, no allocation on the heap.
///
/// ```swift
/// LikePattern("cnn-%").matches("cnn-lr0.1-s1", ignoringCase: false, semantics: .sql)   // true
/// ```
struct LikePattern: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case scalar(Unicode.Scalar)
        case one
        case any
    }

    /// The pattern as written, and lowercased for `ILIKE`.
    let pieces: [Piece]
    let foldedPieces: [Piece]

    init(_ pattern: String) {
        pieces = Self.pieces(pattern)
        foldedPieces = Self.pieces(pattern.lowercased())
    }

    private static func pieces(_ pattern: String) -> [Piece] {
        pattern.unicodeScalars.map { scalar in
            switch scalar {
            case "%": return .any
            case "_": return .one
            default: return .scalar(scalar)
            }
        }
    }

    /// Whether `text` matches: `ignoringCase` lowercases both sides (`ILIKE`); `semantics` says how
    /// line breaks are treated (see `LikeSemantics`).
    func matches(_ text: String, ignoringCase: Bool, semantics: LikeSemantics) -> Bool {
        let pieces = ignoringCase ? foldedPieces : pieces
        let scalars = (ignoringCase ? text.lowercased() : text).unicodeScalars
        let lineBound = semantics == .fileStore
        let prefixIsEnough = lineBound && pieces.last == .any
        let count = pieces.count
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (count + 1)) { buffer in
            var current = UnsafeMutableBufferPointer(rebasing: buffer[0...count])
            var next = UnsafeMutableBufferPointer(rebasing: buffer[(count + 1)...])
            current.initialize(repeating: false)
            next.initialize(repeating: false)
            current[0] = true
            Self.skipAny(&current, pieces)
            var index = scalars.startIndex
            while index != scalars.endIndex {
                if prefixIsEnough && current[count] { return true }
                let scalar = scalars[index]
                scalars.formIndex(after: &index)
                // Python's `$` also matches before a final line break.
                if lineBound && scalar == "\n" && index == scalars.endIndex && current[count] { return true }
                let allowed = !(lineBound && scalar == "\n")
                var alive = false
                for state in 0..<count where current[state] {
                    switch pieces[state] {
                    case .scalar(let wanted) where wanted == scalar: next[state + 1] = true; alive = true
                    case .one where allowed: next[state + 1] = true; alive = true
                    case .any where allowed: next[state] = true; alive = true
                    default: break
                    }
                }
                guard alive else { return false }
                Self.skipAny(&next, pieces)
                swap(&current, &next)
                for state in 0...count { next[state] = false }
            }
            return current[count]
        }
    }

    /// Lets every `%` match nothing: a state before a `%` also reaches the state after it.
    private static func skipAny(_ states: inout UnsafeMutableBufferPointer<Bool>, _ pieces: [Piece]) {
        for state in 0..<pieces.count where states[state] && pieces[state] == .any { states[state + 1] = true }
    }
}
