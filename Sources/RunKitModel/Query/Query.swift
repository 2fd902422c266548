import RunKitSupport
/// A parsed `--where` expression: MLflow's `search_runs` filters and MLXP's queries, in one
/// language with OR, NOT, IN and metrics everywhere. Parse once, evaluate on many runs.
///
/// ```swift
/// let query = try Query("metrics.`val/acc` >= 0.8 and (params.lr = '0.01' or config.seed in [1, 2])")
/// let chosen = try runs.filter(query)
/// query.matches(runs[0])
/// ```
///
/// - Fields: `metrics.`, `params.`, `tags.`, `attributes.`, `config.`, `info.` and every alias of
///   `FieldKey`; bare keys as `Run.value(for:)` resolves them; `__` for `.`; odd names quoted with
///   backticks or double quotes.
/// - Values: numbers (`1e-3` too), quoted strings with backslash escapes, `true`/`false`,
///   `null`/`None`, lists in `[…]` or `(…)`.
/// - Operators: `= == != <> < <= > >=`, `[NOT] IN`, `[NOT] LIKE`, `[NOT] ILIKE`, `IS [NOT] NULL`;
///   `and &  &&`, `or | ||`, `not ~ !`, parentheses; NOT binds tighter than AND, AND than OR.
/// - A string that reads as a number compares as that number with a number literal; a missing
///   field makes a comparison false and `IS NULL` true; NaN only satisfies `!=`/`NOT IN`; values
///   that cannot be ordered (`status > 1`) do not match.
public struct Query: Sendable, CustomStringConvertible {
    /// The query as given.
    public let text: String
    package let root: QueryNode

    /// Parses a query; an empty one matches every run. Throws `RunKitError` of kind
    /// `.invalidQuery` with the position (`offset`) and a caret under it in the message.
    ///
    /// ```swift
    /// let query = try Query("info.status == 'COMPLETE' & config.model.num_units < 4")
    /// ```
    public init(_ text: String) throws {
        var parser = QueryParser(text)
        self.root = try parser.parseQuery()
        self.text = text
    }

    /// Every field the query names, in order, each once.
    public var fields: [QueryField] {
        var seen = Set<QueryField>()
        return root.comparisons.map(\.field).filter { seen.insert($0).inserted }
    }

    /// The fields some run must have for the query to make sense: all but those only tested with
    /// `IS NULL` / `IS NOT NULL`.
    public var requiredFields: [QueryField] {
        let comparisons = root.comparisons
        let tested = Set(comparisons.filter { !$0.op.testsPresence }.map(\.field))
        return fields.filter { tested.contains($0) }
    }

    /// Throws `invalidQuery` when a bare key that `isNumericMetric` says names a numeric metric is
    /// compared with a quoted number (`train.loss > '0.5'`): text never equals or orders against a
    /// number, so the query would silently match nothing. (`metrics.` keys are checked when parsing.)
    package func checkQuotedNumbers(isNumericMetric: (QueryField) -> Bool) throws {
        for comparison in root.comparisons where comparison.field.key.namespace == .bare {
            guard let quoted = comparison.quotedNumber, isNumericMetric(comparison.field) else { continue }
            throw RunKitError(.invalidQuery(query: text, reason: comparison.quotedNumberReason(quoted)), offset: comparison.valueOffset)
        }
    }

    /// Whether a run matches.
    ///
    /// ```swift
    /// let failed = try Query("status = 'FAILED'").matches(run)
    /// ```
    public func matches(_ run: Run, like: LikeSemantics = .sql) -> Bool {
        root.matches({ run.value(for: $0) }, like: like)
    }

    /// Whether an element matches, finding each field's value with `resolve` (nil: missing).
    ///
    /// ```swift
    /// query.matches { field in row[field.key.description] }
    /// ```
    public func matches(like: LikeSemantics = .sql, _ resolve: (QueryField) -> ConfigValue?) -> Bool {
        root.matches(resolve, like: like)
    }

    /// The query as given.
    public var description: String { text }
}
