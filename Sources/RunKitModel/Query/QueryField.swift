@_spi(RunKitInternals) import RunKitSupport

/// A field named in a query or an order-by: a `FieldKey` plus what evaluation needs, computed once
/// (the config path split into components, the `__` alias). Immutable; a class so that evaluating
/// a query on many runs passes one reference around instead of copying its strings.
///
/// ```swift
/// let field = try QueryField("metrics.`val/acc`")
/// field.key            // FieldKey(namespace: .metrics, name: "val/acc")
/// run.value(for: field)
/// ```
public final class QueryField: Sendable, Hashable, CustomStringConvertible {
    /// The parsed key.
    public let key: FieldKey
    /// The field as the query wrote it (`metrics.\`val/acc\``), for messages.
    public let text: String
    /// Config paths to try for `key`: its name split at dots, then with `__` read as `.`.
    let configPaths: [[String]]
    /// The name's `FieldPresence` bits, so runs that certainly lack it are not searched.
    let bits: FieldPresence.Bits
    /// The key with `__` read as `.`, tried when `key` finds nothing (as `Run.value(for:)` does).
    let alias: Alias?

    /// The `__` alias of a field, with its own config path.
    struct Alias: Sendable, Hashable {
        let key: FieldKey
        let configPaths: [[String]]
        let bits: FieldPresence.Bits
    }

    /// Makes a field of a parsed key; `text` is how it was written (default: the key itself).
    public init(_ key: FieldKey, text: String? = nil) {
        self.key = key
        self.text = text ?? key.description
        self.configPaths = Self.paths(key.name)
        self.bits = FieldPresence.Bits(name: key.name, configPaths: configPaths)
        self.alias = key.underscoreAlias.map { alias in
            let paths = Self.paths(alias.name)
            return Alias(key: alias, configPaths: paths, bits: FieldPresence.Bits(name: alias.name, configPaths: paths))
        }
    }

    /// Parses one field as a query writes it (`params."batch size"`, `model__type`).
    ///
    /// ```swift
    /// let field = try QueryField("attributes.start_time")
    /// ```
    public convenience init(_ text: String) throws {
        var parser = QueryParser(text)
        let field = try parser.parseFieldOnly()
        self.init(field.key, text: field.text)
    }

    /// The field as written.
    public var description: String { text }

    /// Fields are equal when they name the same key the same way.
    public static func == (lhs: QueryField, rhs: QueryField) -> Bool {
        lhs.key == rhs.key && lhs.text == rhs.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(text)
    }

    private static func paths(_ name: String) -> [[String]] {
        var paths = [ConfigValue.pathComponents(name)]
        if name.contains("__") { paths.append(ConfigValue.pathComponents(name.replacingOccurrences(of: "__", with: "."))) }
        return paths
    }
}

extension Run {
    /// The value a query field names, or nil when the run has none: the same answer as
    /// `value(for: field.key.description)`, without parsing anything again.
    ///
    /// ```swift
    /// let loss = run.value(for: try QueryField("metrics.loss"))
    /// ```
    public func value(for field: QueryField) -> ConfigValue? {
        if let found = value(for: field.key, configPaths: field.configPaths, bits: field.bits) { return found }
        guard let alias = field.alias else { return nil }
        return value(for: alias.key, configPaths: alias.configPaths, bits: alias.bits)
    }

    /// True when a bare field is found among the run's metrics as a number (its config lacks the
    /// name, which a bare key would find first).
    package func resolvesToNumericMetric(_ field: QueryField) -> Bool {
        for key in [field.key] + (field.alias.map { [$0.key] } ?? []) {
            if value(for: FieldKey(namespace: .config, name: key.name)) != nil { return false }
            if let found = metric(key.name) { return found.isNumber }
        }
        return false
    }

    /// The values of `fields` in every run of `runs`, `values[f][i]` (nil where run `i` lacks
    /// field `f`), read in a tight loop on every core and written straight into the result;
    /// params, metrics and tags from the load's by-field layout where there is one.
    ///
    /// ```swift
    /// let columns = Run.values(of: [try QueryField("metrics.loss")], in: loaded[...])
    /// ```
    package static func values(of fields: [QueryField], in runs: ArraySlice<Run>) -> [[ConfigValue?]] {
        let start = runs.startIndex
        // Params, metrics and tags from the load's by-field layout for the runs that have the
        // first run's layout (all of them, for one store's load); the others look up their own.
        let readers = fields.map { RunFieldReader($0, layoutOf: runs.first) }
        return ParallelSlots.columns(fields.count, count: runs.count) { column, rows, set in
            readers[column].read(runs, at: rows.lazy.map { start + $0 }) { position, value in set(position - start, value) }
        }
    }
}
