import Foundation
import RunKitModel

/// A `QueryBound` as MLflow's search `filter` string, where MLflow's grammar says the same or
/// more (docs/remote.md, "What is pushed"): the server then answers a superset of the query's
/// matches, and RunKit evaluates the whole query on it as on every store.
///
/// Pushed: an AND of tests, each one
/// - `metrics.`KEY` <op> NUMBER` (`=`, `<`, `<=`, `>`, `>=`; a finite number written in decimal);
/// - `params.`KEY` = 'TEXT'` and `tags.`KEY` = 'TEXT'` (a text of one byte spelling);
/// - `attributes.status|run_name|user_id|run_id = 'TEXT'`, `attributes.start_time|end_time <op> INTEGER`.
///
/// A test that cannot be written (OR, presence, a param compared as a number, a key with a
/// backtick, a text with both quotes or a backslash…) is left out of the AND: a smaller AND is a
/// superset still. Nil when nothing is left.
///
/// ```swift
/// MLflowFilter(bound: try Query("metrics.loss < 0.5 and params.lr = '0.1'").bound)?.text
/// // "metrics.`loss` < 0.5 AND params.`lr` = '0.1'"
/// ```
struct MLflowFilter: Equatable {
    var text: String

    init?(bound: QueryBound) {
        let terms: [String]
        switch bound {
        case .stored(let test): terms = Self.term(test).map { [$0] } ?? []
        case .all(let bounds): terms = bounds.compactMap { if case .stored(let test) = $0 { Self.term(test) } else { nil } }
        case .unbounded, .any: terms = []
        }
        guard !terms.isEmpty else { return nil }
        text = terms.joined(separator: " AND ")
    }

    /// One test in MLflow's grammar, nil when it has none that means the same or more.
    static func term(_ test: StoredTest) -> String? {
        guard test.spellings.count == 1 else { return nil }
        let key = test.spellings[0]
        switch (test.namespace, test.condition) {
        case (.metrics, .number(let op, let number)):
            guard !key.contains("`"), let literal = decimal(number), let symbol = symbol(op) else { return nil }
            return "metrics.`\(key)` \(symbol) \(literal)"
        case (.params, .text(let texts)), (.tags, .text(let texts)):
            guard !key.contains("`"), texts.count == 1, let literal = quoted(texts[0]) else { return nil }
            return "\(test.namespace.rawValue).`\(key)` = \(literal)"
        case (.info, .text(let texts)):
            let attributes = ["status": "status", "name": "run_name", "run_name": "run_name", "user_id": "user_id",
                              "run_uuid": "run_id", "run_id": "run_id"]
            guard let attribute = attributes[key], texts.count == 1, let literal = quoted(texts[0]) else { return nil }
            return "attributes.\(attribute) = \(literal)"
        case (.info, .number(let op, let number)):
            // Times are whole milliseconds: MLflow's parser takes only an integer for them.
            guard ["start_time", "end_time"].contains(key), number == number.rounded(), let literal = decimal(number),
                  let symbol = symbol(op) else { return nil }
            return "attributes.\(key) \(symbol) \(literal)"
        default:
            return nil
        }
    }

    private static func symbol(_ op: ComparisonOperator) -> String? {
        switch op {
        case .equal: return "="
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual: return op.rawValue
        case .notEqual: return nil
        }
    }

    /// `number` in plain decimal (MLflow's parser reads no exponent), exactly; nil when it would need one.
    static func decimal(_ number: Double) -> String? {
        guard number.isFinite else { return nil }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        let text = "\(number)"
        return text.contains("e") ? nil : text
    }

    /// `text` in quotes MLflow's parser reads back unchanged: single, else double; nil with both or a backslash.
    static func quoted(_ text: String) -> String? {
        guard !text.contains("\\") else { return nil }
        if !text.contains("'") { return "'\(text)'" }
        if !text.contains("\"") { return "\"\(text)\"" }
        return nil
    }
}
