/// One condition of a `filter`, `exclude`, `single`, `first` or `last` on an `ItemCollection`.
///
/// Keys are dotted (`model.type`) or use `__` for the dot (`model__type`), and are looked up
/// with the collection's `lookup` (for runs, `Run.value(for:)`). An element that does not
/// have the key does not match a key criterion; a key that *no* element has is an error
/// (`RunKitError.keyNotFound`, "No such key: …" with suggestions), since it is almost always a typo.
///
/// ```swift
/// let chosen = try runs.filter(
///     .equals("model.type", "cnn"),
///     .anyOf("seed", [1, 2]),
///     .between("optimizer.lr", 0.001, 0.01),
///     .satisfies("train.epochs") { $0 >= 5 },
///     .predicate { run in run.info.status == .finished }
/// )
/// let one = try runs.single(matching: ["model.type": "mlp", "optimizer.lr": 0.1, "seed": 1])
/// ```
///
/// A dictionary literal is one criterion per key/value pair (`.all` of `.equals`), like
/// HydraFlow's keyword arguments; `.all` passes a list built at run time.
public enum Criterion<Element> {
    /// The value equals `value` (`looselyEquals`: `10 == 10.0`, but `"1" != 1`).
    /// As in HydraFlow, a list `value` matches a non-list value by membership
    /// (the same as `anyOf`), and a list value by equality, order included.
    ///
    /// ```swift
    /// try runs.filter(.equals("model.type", "cnn"))
    /// ```
    case equals(String, ConfigValue)

    /// The value is one of `values`; when the value is itself a list, it must equal the
    /// list `values` (HydraFlow's rule).
    ///
    /// ```swift
    /// try runs.filter(.anyOf("optimizer.lr", [0.1, 0.001]))
    /// ```
    case anyOf(String, [ConfigValue])

    /// `lower <= value <= upper` (numbers with numbers, strings with strings). A value that
    /// cannot be ordered against the bounds (null, NaN, another kind) does not match. When the
    /// value is a list it must equal `[lower, upper]` (HydraFlow's 2-tuple rule).
    ///
    /// ```swift
    /// try runs.filter(.between("optimizer.lr", 0.001, 0.01))
    /// ```
    case between(String, ConfigValue, ConfigValue)

    /// The value passes a test.
    ///
    /// ```swift
    /// try runs.filter(.satisfies("optimizer.lr") { $0 < 0.05 })
    /// ```
    case satisfies(String, (ConfigValue) throws -> Bool)

    /// The value compares to a constant: `.compare("seed", .greaterThan, 1)`.
    ///
    /// ```swift
    /// try runs.filter(.compare("train.epochs", .greaterThanOrEqual, 5))
    /// ```
    case compare(String, ComparisonOperator, ConfigValue)

    /// The values of two keys compare: `.compareKeys("optimizer.lr", .lessThan, "model.dropout", default: nil)`.
    /// `default` stands in for a missing key (not for a null value, as in HydraFlow).
    ///
    /// ```swift
    /// try runs.filter(.compareKeys("optimizer.lr", .lessThan, "model.dropout", default: nil))
    /// ```
    case compareKeys(String, ComparisonOperator, String, default: ConfigValue?)

    /// The whole element passes a test.
    ///
    /// ```swift
    /// try runs.filter(.predicate { run in run.metrics["loss", default: .infinity] < 0.5 })
    /// ```
    case predicate((Element) throws -> Bool)

    /// Several criteria given as one, as if each were passed on its own: `filter` keeps the
    /// elements meeting every one, `exclude` drops an element meeting any one (HydraFlow's rule
    /// for several arguments).
    ///
    /// ```swift
    /// var criteria: [Criterion<Run>] = [.equals("seed", 1)]
    /// if onlyCNN { criteria.append(.equals("model.type", "cnn")) }
    /// let chosen = try runs.filter(.all(criteria))
    /// ```
    case all([Criterion])
}
