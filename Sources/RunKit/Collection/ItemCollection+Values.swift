extension ItemCollection {
    /// The value of `key` for every element, in order (a stored null is `.null`). Throws
    /// `keyNotFound` when an element has no such key: give a default then.
    ///
    /// ```swift
    /// let lrs = try runs.values(of: "optimizer.lr")   // [0.001, 0.1, …]
    /// ```
    public func values(of key: String) throws -> [ConfigValue] {
        var values: [ConfigValue] = []
        values.reserveCapacity(storage.count)
        for element in storage {
            guard let value = lookup(element, key) else { throw missingValue(key, in: element) }
            values.append(value)
        }
        return values
    }

    /// The value of `key` for every element, `defaultValue` where an element has no such key
    /// (a stored null stays null).
    ///
    /// ```swift
    /// let epochs = runs.values(of: "train.epochs", default: 0)
    /// ```
    public func values(of key: String, default defaultValue: ConfigValue) -> [ConfigValue] {
        storage.map { lookup($0, key) ?? defaultValue }
    }

    /// The value of `key` for every element, with a default computed from the element where it is missing.
    ///
    /// ```swift
    /// let names = runs.values(of: "notes") { run in .string(run.info.runName) }
    /// ```
    public func values(of key: String, default makeDefault: (Element) throws -> ConfigValue) rethrows -> [ConfigValue] {
        try storage.map { try lookup($0, key) ?? makeDefault($0) }
    }

    /// The value of `key` for every element as numbers (HydraFlow's `to_numpy` for a numeric key):
    /// ints, doubles and bools convert, a null becomes NaN, a missing key takes `defaultValue`
    /// (or throws `keyNotFound`), and anything else (a string, a list) throws `typeMismatch`.
    ///
    /// ```swift
    /// let losses = try runs.doubles(of: "metrics.loss")
    /// let mean = losses.reduce(0, +) / Double(losses.count)
    /// ```
    public func doubles(of key: String, default defaultValue: Double? = nil) throws -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(storage.count)
        for element in storage {
            guard let value = lookup(element, key) else {
                guard let defaultValue else { throw missingValue(key, in: element) }
                values.append(defaultValue)
                continue
            }
            if value.isNull { values.append(.nan); continue }
            guard let number = value.doubleValue else {
                throw RunKitError(.typeMismatch, "The value of \(key) in \(element) is not a number: \(JSONWriter.string(value))")
            }
            values.append(number)
        }
        return values
    }

    /// The distinct values of `key`, sorted with `ConfigValue.compare` (numbers, then strings,
    /// lists, maps; NaN after numbers, null last). `10` and `10.0` count as one value; lists of
    /// different lengths are fine. Elements without the key are skipped; a key no element has
    /// throws `keyNotFound`.
    ///
    /// ```swift
    /// try runs.uniqueValues(of: "optimizer.lr")         // [0.001, 0.01, 0.1, 0.5]
    /// try runs.uniqueValues(of: "seed").count           // 3: HydraFlow's n_unique
    /// ```
    public func uniqueValues(of key: String) throws -> [ConfigValue] {
        try requireKeys([key])
        return Self.sortedUnique(storage.compactMap { lookup($0, key) })
    }

    /// The distinct values of `key`, `defaultValue` standing in where an element has no such key.
    ///
    /// ```swift
    /// runs.uniqueValues(of: "model.dropout", default: 0)
    /// ```
    public func uniqueValues(of key: String, default defaultValue: ConfigValue) -> [ConfigValue] {
        Self.sortedUnique(storage.map { lookup($0, key) ?? defaultValue })
    }

    /// One row of values per element, one column per key (a simple stand-in for HydraFlow's
    /// `to_frame`). `defaults[key]` fills a missing key (a null stays null); a missing key without
    /// a default throws `keyNotFound`. No keys give no rows.
    ///
    /// ```swift
    /// let table = try runs.rows("run_id", "model.type", "optimizer.lr", defaults: ["notes": "n/a"])
    /// ```
    public func rows(_ keys: String..., defaults: [String: ConfigValue] = [:]) throws -> [[ConfigValue]] {
        try rows(keys, defaults: defaults)
    }

    /// One row of values per element for an array of keys; see `rows(_:defaults:)`.
    ///
    /// ```swift
    /// let table = try runs.rows(["model.type", "seed"])
    /// ```
    public func rows(_ keys: [String], defaults: [String: ConfigValue] = [:]) throws -> [[ConfigValue]] {
        guard !keys.isEmpty else { return [] }
        return try storage.map { element in
            try keys.map { key in
                if let value = lookup(element, key) ?? defaults[key] { return value }
                throw missingValue(key, in: element)
            }
        }
    }

    /// The error for an element that lacks a key: plain "No such key" when no element has it.
    func missingValue(_ key: String, in element: Element) -> RunKitError {
        let error = keyNotFound(key)
        guard storage.contains(where: { lookup($0, key) != nil }) else { return error }
        return RunKitError(.keyMissing(key: key, item: "\(element)"))
    }

    /// Values sorted with `ConfigValue.compare` (stable), equal neighbours dropped.
    static func sortedUnique(_ values: [ConfigValue]) -> [ConfigValue] {
        let order = values.indices.sorted { a, b in
            let c = ConfigValue.compare(values[a], values[b])
            return c != 0 ? c < 0 : a < b
        }
        var result: [ConfigValue] = []
        for index in order {
            let value = values[index]
            if let last = result.last, ConfigValue.compare(last, value) == 0 { continue }
            result.append(value)
        }
        return result
    }
}
