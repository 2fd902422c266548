/// One key of an order-by: a field and a direction. Missing values, nulls and NaN sort last in
/// both directions; ties keep the order the runs came in (the store's natural order).
///
/// ```swift
/// let terms = try ["metrics.accuracy DESC", "params.lr"].map(OrderTerm.init)
/// let byLoss = try OrderTerm("-metrics.loss")     // the `--sort -KEY` form: descending
/// ```
public struct OrderTerm: Sendable, Hashable, CustomStringConvertible {
    public var field: QueryField
    public var descending: Bool

    public init(field: QueryField, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }

    /// Parses `KEY [ASC|DESC]` (MLflow's `order_by`) or `[-|+]KEY`; the key is written as in a
    /// query. Throws `RunKitError` of kind `.invalidQuery` with a caret under the position.
    ///
    /// ```swift
    /// let term = try OrderTerm("metrics.`val/acc` ASC")
    /// ```
    public init(_ spec: String) throws {
        var parser = QueryParser(spec)
        self = try parser.parseOrderTerm()
    }

    /// `KEY ASC` or `KEY DESC`.
    public var description: String { "\(field.text) \(descending ? "DESC" : "ASC")" }
}
