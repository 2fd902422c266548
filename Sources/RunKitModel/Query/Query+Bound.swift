extension Query {
    /// A condition over stored values that holds for every run this query could match (see
    /// `QueryBound`): comparisons of `params.`, `metrics.` and `tags.` keys, and of `info.` keys
    /// with a number or a text, bound what a store keeps, and so do reductions of a metric's
    /// history (`min(history.loss) < 0.5`: some point of `loss` is at most 0.5, or NaN); config
    /// keys, bare keys (they may resolve to a config key first), whole histories, `__` aliases,
    /// `LIKE` patterns and string orderings are `.unbounded`. AND keeps the bounded terms, OR needs every branch bounded, NOT bounds the
    /// complement where it is exact (`!=`, `NOT IN`, `IS [NOT] NULL`).
    ///
    /// ```swift
    /// try Query("metrics.loss < 0.5 or config.seed = 1").bound   // .unbounded
    /// ```
    package var bound: QueryBound { root.bound(matching: true) }
}

extension QueryNode {
    /// A superset of the runs where this node evaluates to `matching`.
    func bound(matching: Bool) -> QueryBound {
        switch self {
        case .all: return matching ? .unbounded : .any([])
        case .comparison(let comparison): return comparison.bound(matching: matching)
        case .not(let inner): return inner.bound(matching: !matching)
        case .and(let terms):
            let bounds = terms.map { $0.bound(matching: matching) }
            return matching ? .allOf(bounds) : .anyOf(bounds)
        case .or(let terms):
            let bounds = terms.map { $0.bound(matching: matching) }
            return matching ? .anyOf(bounds) : .allOf(bounds)
        }
    }
}

extension QueryComparison {
    /// A superset of the runs where this comparison evaluates to `matching`.
    ///
    /// Every operator but `IS [NOT] NULL` is false on a missing field, so a match needs the key
    /// (`.present`), refined by the literal where the store can test it; a non-match is a missing
    /// key or a value that fails, bounded only where failing is itself a test (`!=` fails on an
    /// equal value, `NOT IN` on a listed one).
    func bound(matching: Bool) -> QueryBound {
        let namespace = field.key.namespace
        guard field.alias == nil, let spellings = StoredTest.spellings(of: field.key.name) else { return .unbounded }
        func stored(_ condition: StoredTest.Condition) -> QueryBound {
            .stored(StoredTest(namespace: namespace, spellings: spellings, condition: condition))
        }
        switch namespace {
        case .params, .metrics, .tags:
            switch op {
            case .isNull(let negated):
                return stored(matching != negated ? .missing : .present)
            case .compare(.notEqual), .in(negated: true):
                guard !matching else { return stored(.present) }
                let equal = op == .compare(.notEqual) ? valueBound(.compare(.equal), stored) : valueBound(.in(negated: false), stored)
                return equal == .unbounded ? .unbounded : .anyOf([stored(.missing), equal])
            default:
                guard matching else { return .unbounded }
                let refined = valueBound(op, stored)
                return refined == .unbounded ? stored(.present) : refined
            }
        case .info:
            // The store's own columns hold nulls, which `!=` and `NOT IN` match: only positive tests.
            return matching ? valueBound(op, stored) : .unbounded
        case .history:
            guard matching, let reduction = field.key.reduction else { return .unbounded }
            return historyBound(reduction, stored)
        case .bare, .config:
            return .unbounded
        }
    }

    /// A superset of the runs where a reduction of a metric's history passes this comparison. A
    /// reduction has a value only where the run logged the metric, so any comparison but `IS
    /// NULL` needs a point of it (`.present`). A reduction whose value is one point's value
    /// (`first`, `last`, `at`, `min`, `max`) relates to a number only if some point does
    /// (`.number`: `min(h) > x` means every point is, so some is; NaN points always pass, as a NaN
    /// propagates); `mean` and `last(…, K)` may round or overflow past every point, and `count`,
    /// `argmin`, `argmax` are no point's value, so they need only a point.
    private func historyBound(_ reduction: HistoryReduction, _ stored: (StoredTest.Condition) -> QueryBound) -> QueryBound {
        if case .isNull(let negated) = op { return negated ? stored(.present) : .unbounded }
        func pointTest(_ comparison: ComparisonOperator, _ literal: ConfigValue) -> QueryBound {
            guard literal.isNumber, let number = literal.doubleValue, number.isFinite else {
                return stored(.present)
            }
            let bounded: Bool
            switch reduction.function {
            case .first, .at, .min, .max: bounded = true
            case .last: bounded = reduction.argument == nil
            case .mean, .count, .argmin, .argmax: bounded = false
            }
            return bounded && comparison != .notEqual ? stored(.number(comparison, number)) : stored(.present)
        }
        switch op {
        case .compare(let comparison): return pointTest(comparison, value)
        case .in(negated: false):
            let tests = (value.listValue ?? []).map { pointTest(.equal, $0) }
            return tests.isEmpty || tests.contains(stored(.present)) ? stored(.present) : .anyOf(tests)
        default: return stored(.present)
        }
    }

    /// The test of a present value for `=`, `<`, `<=`, `>`, `>=` and `IN` with number or plain
    /// text literals (text only for params, tags and info: a metric is a number); `.unbounded`
    /// for anything else.
    private func valueBound(_ op: QueryOperator, _ stored: (StoredTest.Condition) -> QueryBound) -> QueryBound {
        let texts = field.key.namespace != .metrics
        func test(_ comparison: ComparisonOperator, _ literal: ConfigValue) -> QueryBound {
            switch literal {
            case .int, .double:
                guard let number = literal.doubleValue, number.isFinite else { return .unbounded }
                return stored(.number(comparison, number))
            case .string(let text) where texts && comparison == .equal:
                return StoredTest.spellings(of: text).map { stored(.text($0)) } ?? .unbounded
            default:
                return .unbounded
            }
        }
        switch op {
        case .compare(let comparison) where comparison != .notEqual: return test(comparison, value)
        case .in(negated: false): return .anyOf((value.listValue ?? []).map { test(.equal, $0) })
        default: return .unbounded
        }
    }
}

extension StoredTest {
    /// Every byte spelling of `text` that Swift's `String` equality (Unicode canonical
    /// equivalence) counts as equal to it, so that a store comparing bytes finds them all; nil
    /// when that cannot be listed briefly: non-ASCII text (composed and decomposed forms), a
    /// NUL, or more than three of the ASCII characters that a non-ASCII one decomposes to
    /// (K: KELVIN SIGN U+212A, `: GREEK VARIA U+1FEF, ;: GREEK QUESTION MARK U+037E).
    ///
    /// ```swift
    /// StoredTest.spellings(of: "loss")   // ["loss"]
    /// StoredTest.spellings(of: "K")      // ["K", "\u{212A}"]
    /// ```
    package static func spellings(of text: String) -> [String]? {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0 != "\0" }) else { return nil }
        let twins: [Unicode.Scalar: Unicode.Scalar] = ["K": "\u{212A}", "`": "\u{1FEF}", ";": "\u{037E}"]
        guard text.unicodeScalars.count(where: { twins[$0] != nil }) <= 3 else { return nil }
        var spellings = [""]
        for scalar in text.unicodeScalars {
            let choices = [scalar] + (twins[scalar].map { [$0] } ?? [])
            spellings = spellings.flatMap { prefix in choices.map { prefix + String($0) } }
        }
        return spellings
    }
}
