extension ItemCollection where Element == ConfigValue {
    /// Makes a collection of plain value trees (say, records read from JSON), looking keys up
    /// with `ConfigValue.value(at:)`.
    ///
    /// ```swift
    /// let rows = ItemCollection<ConfigValue>([["lr": 0.1, "seed": 1], ["lr": 0.01, "seed": 2]])
    /// try rows.filter(["seed": 2]).values(of: "lr")   // [0.01]
    /// ```
    public init<S: Sequence>(_ values: S) where S.Element == ConfigValue {
        self.init(values, fieldNames: { Array($0.flattened().keys) }, lookup: { $0.value(at: $1) })
    }
}
