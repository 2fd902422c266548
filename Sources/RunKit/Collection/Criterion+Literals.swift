extension Criterion: ExpressibleByDictionaryLiteral {
    /// One `.equals` criterion per key/value pair, gathered by `.all`: HydraFlow's keyword
    /// arguments (`rc.filter(model__type="cnn", seed=1)`).
    ///
    /// ```swift
    /// let cnn = try runs.filter(["model.type": "cnn", "seed": 1])
    /// ```
    public init(dictionaryLiteral pairs: (String, ConfigValue)...) {
        self = .all(pairs.map { .equals($0.0, $0.1) })
    }
}
