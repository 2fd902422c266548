/// One named, typed column of a `Table`: ints, doubles, strings, bools, or any values (lists, maps,
/// mixed types). A null cell is distinct from NaN: `nil` in a typed column, `.null` in a value column.
///
/// ```swift
/// let loss = TableColumn("metrics.loss", values: [0.25, .double(.nan), .null])
/// loss.kind        // .double
/// loss[1]          // .double(nan)
/// loss[2]          // .null
/// ```
public struct TableColumn: Sendable {
    /// The type of a column's cells.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case int, double, string, bool, value
    }

    /// The cells, typed.
    public enum Storage: Sendable {
        case int([Int?])
        case double([Double?])
        case string([String?])
        case bool([Bool?])
        case value([ConfigValue])
    }

    /// The column's name: `"config.model.type"`, `"mean(metrics.loss)"`.
    public let name: String
    /// The typed cells.
    public let storage: Storage

    /// A column of typed cells.
    ///
    /// ```swift
    /// let seeds = TableColumn("seed", storage: .int([1, 2, nil]))
    /// ```
    public init(_ name: String, storage: Storage) {
        self.name = name
        self.storage = storage
    }

    /// A column of values, typed from them as pandas would: all ints → int, ints and doubles → double,
    /// all strings → string, all bools → bool (nulls allowed in each); anything else (lists, maps,
    /// mixed kinds, or only nulls) → value.
    ///
    /// ```swift
    /// TableColumn("lr", values: [1, 0.5]).kind   // .double
    /// ```
    public init(_ name: String, values: [ConfigValue]) {
        self.init(name, storage: Self.inferred(values))
    }

    /// The cell type.
    public var kind: Kind {
        switch storage {
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .bool: return .bool
        case .value: return .value
        }
    }

    /// The number of cells.
    public var count: Int {
        switch storage {
        case .int(let v): return v.count
        case .double(let v): return v.count
        case .string(let v): return v.count
        case .bool(let v): return v.count
        case .value(let v): return v.count
        }
    }

    /// The cell at `row` as a value (`.null` for a null cell).
    public subscript(row: Int) -> ConfigValue {
        switch storage {
        case .int(let v): return v[row].map(ConfigValue.int) ?? .null
        case .double(let v): return v[row].map(ConfigValue.double) ?? .null
        case .string(let v): return v[row].map(ConfigValue.string) ?? .null
        case .bool(let v): return v[row].map(ConfigValue.bool) ?? .null
        case .value(let v): return v[row]
        }
    }

    /// Every cell as a value, in row order.
    public var values: [ConfigValue] { (0..<count).map { self[$0] } }

    /// The cells as doubles for an int, double or bool column (nil for a null cell); nil for other kinds.
    ///
    /// ```swift
    /// table.column("mean(metrics.loss)")?.doubles   // [0.25, 0.31]
    /// ```
    public var doubles: [Double?]? {
        switch storage {
        case .int(let v): return v.map { $0.map(Double.init) }
        case .double(let v): return v
        case .bool(let v): return v.map { $0.map { $0 ? 1 : 0 } }
        default: return nil
        }
    }

    /// The same cells under another name.
    public func renamed(_ newName: String) -> TableColumn {
        TableColumn(newName, storage: storage)
    }

    /// The cells at `rows`, in that order.
    func picking(_ rows: [Int]) -> TableColumn {
        switch storage {
        case .int(let v): return TableColumn(name, storage: .int(rows.map { v[$0] }))
        case .double(let v): return TableColumn(name, storage: .double(rows.map { v[$0] }))
        case .string(let v): return TableColumn(name, storage: .string(rows.map { v[$0] }))
        case .bool(let v): return TableColumn(name, storage: .bool(rows.map { v[$0] }))
        case .value(let v): return TableColumn(name, storage: .value(rows.map { v[$0] }))
        }
    }

    /// Columns of one kind end to end, under the first one's name; nil when the kinds differ.
    static func joined(_ parts: [TableColumn]) -> TableColumn? {
        guard let first = parts.first else { return nil }
        func all<T>(_ extract: (Storage) -> [T]?) -> [T]? {
            var cells: [T] = []
            for part in parts {
                guard let own = extract(part.storage) else { return nil }
                cells += own
            }
            return cells
        }
        let storage: Storage?
        switch first.storage {
        case .int: storage = all { if case .int(let v) = $0 { v } else { nil } }.map(Storage.int)
        case .double: storage = all { if case .double(let v) = $0 { v } else { nil } }.map(Storage.double)
        case .string: storage = all { if case .string(let v) = $0 { v } else { nil } }.map(Storage.string)
        case .bool: storage = all { if case .bool(let v) = $0 { v } else { nil } }.map(Storage.bool)
        case .value: storage = all { if case .value(let v) = $0 { v } else { nil } }.map(Storage.value)
        }
        return storage.map { TableColumn(first.name, storage: $0) }
    }

    static func inferred(_ values: [ConfigValue]) -> Storage {
        var kind: Kind?
        for value in values {
            let own: Kind
            switch value {
            case .null: continue
            case .int: own = .int
            case .double: own = .double
            case .string: own = .string
            case .bool: own = .bool
            case .list, .map: return .value(values)
            }
            switch (kind, own) {
            case (nil, _): kind = own
            case (.int?, .double), (.double?, .int): kind = .double
            case (let k?, _) where k == own: break
            default: return .value(values)
            }
        }
        switch kind {
        case .int?: return .int(values.map { if case .int(let i) = $0 { i } else { nil } })
        case .double?: return .double(values.map { $0.isNull ? nil : $0.doubleValue })
        case .string?: return .string(values.map(\.stringValue))
        case .bool?: return .bool(values.map(\.boolValue))
        default: return .value(values)
        }
    }
}
