extension Criterion {
    /// The value's text (`ConfigValue.stringForm`) starts with `prefix`. HydraFlow: `rc.startswith`.
    ///
    /// ```swift
    /// try runs.filter(.startsWith("model.type", "c"))
    /// ```
    public static func startsWith(_ key: String, _ prefix: String) -> Criterion {
        .satisfies(key) { $0.stringForm?.hasPrefix(prefix) ?? false }
    }

    /// The value's text (`ConfigValue.stringForm`) ends with `suffix`. HydraFlow: `rc.endswith`.
    ///
    /// ```swift
    /// try runs.filter(.endsWith("model.type", "p"))
    /// ```
    public static func endsWith(_ key: String, _ suffix: String) -> Criterion {
        .satisfies(key) { $0.stringForm?.hasSuffix(suffix) ?? false }
    }

    /// The value's text (`ConfigValue.stringForm`) contains `substring`.
    ///
    /// ```swift
    /// try runs.filter(.contains("run_name", "lr0.1"))
    /// ```
    public static func contains(_ key: String, _ substring: String) -> Criterion {
        .satisfies(key) { $0.stringForm?.contains(substring) ?? false }
    }

    /// A regular expression matches at the start of the value's text, like Python's
    /// `re.match(pattern, str(value))` (HydraFlow: `rc.match`). Anchor the end with `$`.
    /// An invalid pattern makes the filter throw `invalidArgument`.
    ///
    /// ```swift
    /// try runs.filter(.regex("run_id", "^[0-7]"))
    /// ```
    public static func regex(_ key: String, _ pattern: String) -> Criterion {
        let compiled: Result<Regex<AnyRegexOutput>, RunKitError> = Result {
            try Regex(pattern)
        }.mapError { error in
            RunKitError(.invalidArgument, "Invalid regular expression '\(pattern)' for key \(key): \(error)")
        }
        return .satisfies(key) { value in
            guard let text = value.stringForm else { return false }
            return try compiled.get().prefixMatch(in: text) != nil
        }
    }

    /// The value differs from a constant (a null differs from every number).
    ///
    /// ```swift
    /// try runs.filter(.notEquals("model.type", "cnn"))
    /// ```
    public static func notEquals(_ key: String, _ value: ConfigValue) -> Criterion { .compare(key, .notEqual, value) }

    /// The value is greater than a constant; values that cannot be ordered (null, NaN, other kinds) never match.
    ///
    /// ```swift
    /// try runs.filter(.greaterThan("optimizer.lr", 0.01))
    /// ```
    public static func greaterThan(_ key: String, _ value: ConfigValue) -> Criterion { .compare(key, .greaterThan, value) }

    /// The value is less than a constant; values that cannot be ordered never match.
    ///
    /// ```swift
    /// try runs.filter(.lessThan("optimizer.lr", 0.01))
    /// ```
    public static func lessThan(_ key: String, _ value: ConfigValue) -> Criterion { .compare(key, .lessThan, value) }

    /// The value is greater than or equal to a constant; values that cannot be ordered never match.
    ///
    /// ```swift
    /// try runs.filter(.atLeast("train.epochs", 5))
    /// ```
    public static func atLeast(_ key: String, _ value: ConfigValue) -> Criterion { .compare(key, .greaterThanOrEqual, value) }

    /// The value is less than or equal to a constant; values that cannot be ordered never match.
    ///
    /// ```swift
    /// try runs.filter(.atMost("train.epochs", 5))
    /// ```
    public static func atMost(_ key: String, _ value: ConfigValue) -> Criterion { .compare(key, .lessThanOrEqual, value) }

    /// The values of two keys are equal. `default` replaces a missing key (a null stays null).
    ///
    /// ```swift
    /// try runs.filter(.equals("data.batch_size", key: "model.hidden_size"))
    /// ```
    public static func equals(_ left: String, key right: String, default: ConfigValue? = nil) -> Criterion {
        .compareKeys(left, .equal, right, default: `default`)
    }

    /// The values of two keys differ. `default` replaces a missing key.
    ///
    /// ```swift
    /// try runs.filter(.notEquals("data.batch_size", key: "model.hidden_size"))
    /// ```
    public static func notEquals(_ left: String, key right: String, default: ConfigValue? = nil) -> Criterion {
        .compareKeys(left, .notEqual, right, default: `default`)
    }

    /// The first key's value is greater than the second's (HydraFlow's `rc.gt(a, b)`).
    /// Values that cannot be ordered (a null, say) do not match instead of raising `TypeError`.
    ///
    /// ```swift
    /// try runs.filter(.greaterThan("optimizer.lr", key: "model.dropout", default: 0))
    /// ```
    public static func greaterThan(_ left: String, key right: String, default: ConfigValue? = nil) -> Criterion {
        .compareKeys(left, .greaterThan, right, default: `default`)
    }

    /// The first key's value is less than the second's (HydraFlow's `rc.lt(a, b)`).
    ///
    /// ```swift
    /// try runs.filter(.lessThan("optimizer.lr", key: "model.dropout"))
    /// ```
    public static func lessThan(_ left: String, key right: String, default: ConfigValue? = nil) -> Criterion {
        .compareKeys(left, .lessThan, right, default: `default`)
    }

    /// The first key's value is greater than or equal to the second's.
    ///
    /// ```swift
    /// try runs.filter(.atLeast("train.epochs", key: "train.fail_at_epoch"))
    /// ```
    public static func atLeast(_ left: String, key right: String, default: ConfigValue? = nil) -> Criterion {
        .compareKeys(left, .greaterThanOrEqual, right, default: `default`)
    }

    /// The first key's value is less than or equal to the second's.
    ///
    /// ```swift
    /// try runs.filter(.atMost("optimizer.lr", key: "model.dropout"))
    /// ```
    public static func atMost(_ left: String, key right: String, default: ConfigValue? = nil) -> Criterion {
        .compareKeys(left, .lessThanOrEqual, right, default: `default`)
    }

    /// `lower <= value <= upper` for a Swift range of numbers.
    ///
    /// ```swift
    /// try runs.filter(.between("optimizer.lr", 0.001...0.01))
    /// ```
    public static func between(_ key: String, _ range: ClosedRange<Double>) -> Criterion {
        .between(key, .double(range.lowerBound), .double(range.upperBound))
    }
}
