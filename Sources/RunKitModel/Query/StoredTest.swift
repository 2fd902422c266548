/// One test a store can make of one key it keeps: whether a run has a value of the key, and what
/// the value is. Each test is itself a superset: a store widens it where its values read
/// differently from RunKit's (SQL compares text by bytes, RunKit by Unicode equivalence; SQL
/// reads numbers its own way), never narrows it.
///
/// ```swift
/// StoredTest(namespace: .metrics, spellings: ["loss"], condition: .number(.lessThan, 0.5))
/// ```
package struct StoredTest: Sendable, Hashable, CustomStringConvertible {
    /// What a run's value of the key must be.
    package enum Condition: Sendable, Hashable {
        /// The run has a value of the key (params, metrics, tags only).
        case present
        /// The run has no value of the key (params, metrics, tags only).
        case missing
        /// The value is one of these texts, given in every byte spelling RunKit counts as equal.
        case text([String])
        /// The value, read as a number (a number, or text that reads as one), relates so to the
        /// literal; `.notEqual` is never asked. For `.history`: some point of the metric's
        /// history relates so, or is NaN (or no number).
        case number(ComparisonOperator, Double)
    }

    /// `.params`, `.metrics`, `.tags`, `.info` (a column of the store's own run record) or
    /// `.history` (the points of a metric's history: `.present` or `.number` only).
    package let namespace: FieldKey.Namespace
    /// The key's name in every byte spelling RunKit counts as equal (`QueryBound.spellings(of:)`).
    package let spellings: [String]
    package let condition: Condition

    package init(namespace: FieldKey.Namespace, spellings: [String], condition: Condition) {
        self.namespace = namespace
        self.spellings = spellings
        self.condition = condition
    }

    /// The key as a query writes it.
    package var name: String { spellings[0] }

    package var description: String {
        let key = namespace.prefix + name
        switch condition {
        case .present: return "\(key) IS NOT NULL"
        case .missing: return "\(key) IS NULL"
        case .text(let texts): return "\(key) IN (" + texts.map { "'\($0)'" }.joined(separator: ", ") + ")"
        case .number(let op, let value) where namespace == .history: return "some point of \(key) \(op.rawValue) \(value) or NaN"
        case .number(let op, let value): return "\(key) \(op.rawValue) \(value)"
        }
    }
}
