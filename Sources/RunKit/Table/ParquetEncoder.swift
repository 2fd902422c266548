import Foundation

/// Encodes a `Table` as an Apache Parquet file: the plain subset every reader (pyarrow, polars,
/// pandas, DuckDB, R's arrow) reads — one row group, one uncompressed data page (v1) per column,
/// PLAIN values, RLE definition and repetition levels, every column optional (nulls are nulls).
///
/// Column types: int → INT64 (`start_time`, `end_time` and `timestamp` as TIMESTAMP(MILLIS,
/// UTC)); double → DOUBLE (NaN and ±inf kept); string → BYTE_ARRAY STRING; bool → BOOLEAN; a
/// column of lists of scalars → LIST of INT64, DOUBLE, STRING or BOOLEAN (3-level, nullable
/// elements); any other column (maps, nested lists, mixed kinds) → STRING, strings as they are
/// and other values as JSON.
///
/// ```swift
/// let bytes = ParquetEncoder.encode(try runs.recordTable())
/// ```
enum ParquetEncoder {
    /// The columns named like this, when they hold ints, are milliseconds since the epoch.
    static let timestampColumns: Set<String> = ["start_time", "end_time", "timestamp"]

    /// A leaf column ready to write: its schema, levels and PLAIN values.
    struct Leaf {
        enum Physical: Int32 { case boolean = 0, int64 = 2, double = 5, byteArray = 6 }
        enum Logical { case none, string, timestamp }
        var name: String
        var physical: Physical
        var logical: Logical
        var isList: Bool
        var repetition: [UInt8] = []
        var definition: [UInt8] = []
        var values: [UInt8] = []
        var bits: [Bool] = []
    }

    /// The whole file.
    static func encode(_ table: Table, createdBy: String = "RunKit \(RunKitVersion.string)") -> [UInt8] {
        let leaves = table.columns.map { leaf(for: $0) }
        var file = Array("PAR1".utf8)
        var chunks: [(offset: Int, size: Int, count: Int)] = []
        for leaf in leaves {
            let page = pageData(leaf)
            var header = ThriftCompactWriter()
            header.field(1, i32: 0)   // DATA_PAGE
            header.field(2, i32: Int32(page.count))
            header.field(3, i32: Int32(page.count))
            header.field(5, structure: { data in
                data.field(1, i32: Int32(leaf.definition.count))
                data.field(2, i32: 0)   // PLAIN
                data.field(3, i32: 3)   // RLE
                data.field(4, i32: 3)   // RLE
            })
            header.stop()
            chunks.append((file.count, header.bytes.count + page.count, leaf.definition.count))
            file += header.bytes
            file += page
        }
        var meta = ThriftCompactWriter()
        meta.field(1, i32: 1)
        let schemaCount = 1 + leaves.reduce(0) { $0 + ($1.isList ? 3 : 1) }
        meta.field(2, list: .structure, count: schemaCount) { list in
            list.structure { root in
                root.field(4, string: "schema")
                root.field(5, i32: Int32(leaves.count))
            }
            for leaf in leaves { schema(leaf, into: &list) }
        }
        meta.field(3, i64: Int64(table.rowCount))
        meta.field(4, list: .structure, count: 1) { groups in
            groups.structure { group in
                group.field(1, list: .structure, count: leaves.count) { columns in
                    for (leaf, chunk) in zip(leaves, chunks) {
                        columns.structure { column in
                            column.field(2, i64: Int64(chunk.offset))
                            column.field(3, structure: { data in
                                data.field(1, i32: leaf.physical.rawValue)
                                data.field(2, list: .i32, count: 2) { $0.element(i32: 0); $0.element(i32: 3) }
                                let path = leaf.isList ? [leaf.name, "list", "element"] : [leaf.name]
                                data.field(3, list: .binary, count: path.count) { list in for part in path { list.element(string: part) } }
                                data.field(4, i32: 0)   // UNCOMPRESSED
                                data.field(5, i64: Int64(chunk.count))
                                data.field(6, i64: Int64(chunk.size))
                                data.field(7, i64: Int64(chunk.size))
                                data.field(9, i64: Int64(chunk.offset))
                            })
                        }
                    }
                }
                group.field(2, i64: Int64(chunks.reduce(0) { $0 + $1.size }))
                group.field(3, i64: Int64(table.rowCount))
            }
        }
        meta.field(6, string: createdBy)
        meta.stop()
        file += meta.bytes
        file += littleEndian(UInt32(meta.bytes.count))
        file += Array("PAR1".utf8)
        return file
    }

    /// The schema elements of a leaf: one, or the three of a LIST.
    private static func schema(_ leaf: Leaf, into list: inout ThriftCompactWriter) {
        func element(_ name: String, _ writer: inout ThriftCompactWriter) {
            writer.field(1, i32: leaf.physical.rawValue)
            writer.field(3, i32: 1)   // OPTIONAL
            writer.field(4, string: name)
            switch leaf.logical {
            case .none: break
            case .string:
                writer.field(6, i32: 0)   // UTF8
                writer.field(10, structure: { $0.field(1, structure: { _ in }) })
            case .timestamp:
                writer.field(6, i32: 9)   // TIMESTAMP_MILLIS
                writer.field(10, structure: { logical in
                    logical.field(8, structure: { timestamp in
                        timestamp.field(1, bool: true)
                        timestamp.field(2, structure: { $0.field(1, structure: { _ in }) })
                    })
                })
            }
        }
        guard leaf.isList else {
            list.structure { element(leaf.name, &$0) }
            return
        }
        list.structure { group in
            group.field(3, i32: 1)   // OPTIONAL
            group.field(4, string: leaf.name)
            group.field(5, i32: 1)
            group.field(6, i32: 3)   // LIST
            group.field(10, structure: { $0.field(3, structure: { _ in }) })
        }
        list.structure { repeated in
            repeated.field(3, i32: 2)   // REPEATED
            repeated.field(4, string: "list")
            repeated.field(5, i32: 1)
        }
        list.structure { element("element", &$0) }
    }

    /// Levels (length-prefixed RLE) then values.
    private static func pageData(_ leaf: Leaf) -> [UInt8] {
        var page: [UInt8] = []
        if leaf.isList { page += levels(leaf.repetition) }
        page += levels(leaf.definition)
        if leaf.physical == .boolean {
            var packed = [UInt8](repeating: 0, count: (leaf.bits.count + 7) / 8)
            for (index, bit) in leaf.bits.enumerated() where bit { packed[index / 8] |= 1 << UInt8(index % 8) }
            page += packed
        } else {
            page += leaf.values
        }
        return page
    }

    /// The RLE/bit-packing hybrid with RLE runs only, prefixed by its length (4 bytes, LE): each
    /// run a ULEB128 header (length << 1) and the level in one byte (levels here need at most 2 bits).
    private static func levels(_ levels: [UInt8]) -> [UInt8] {
        var runs: [UInt8] = []
        var start = 0
        while start < levels.count {
            var end = start + 1
            while end < levels.count, levels[end] == levels[start] { end += 1 }
            var header = UInt64(end - start) << 1
            while header >= 0x80 {
                runs.append(UInt8(header & 0x7F) | 0x80)
                header >>= 7
            }
            runs.append(UInt8(header))
            runs.append(levels[start])
            start = end
        }
        return littleEndian(UInt32(runs.count)) + runs
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// The leaf of a table column, with its cells encoded.
    static func leaf(for column: TableColumn) -> Leaf {
        switch column.storage {
        case .int(let values):
            return flat(column.name, .int64, timestampColumns.contains(column.name) ? .timestamp : .none, values.map { $0.map(ConfigValue.int) })
        case .double(let values): return flat(column.name, .double, .none, values.map { $0.map(ConfigValue.double) })
        case .string(let values): return flat(column.name, .byteArray, .string, values.map { $0.map(ConfigValue.string) })
        case .bool(let values): return flat(column.name, .boolean, .none, values.map { $0.map(ConfigValue.bool) })
        case .value(let values):
            if let (physical, logical) = listElementType(values) {
                var leaf = Leaf(name: column.name, physical: physical, logical: logical, isList: true)
                for value in values { leaf.addList(value) }
                return leaf
            }
            return flat(column.name, .byteArray, .string, values.map { value in
                switch value {
                case .null: return nil
                case .string: return value
                default: return .string(JSONWriter.string(value))
                }
            })
        }
    }

    /// A column of scalars (nil: null).
    private static func flat(_ name: String, _ physical: Leaf.Physical, _ logical: Leaf.Logical, _ cells: [ConfigValue?]) -> Leaf {
        var leaf = Leaf(name: name, physical: physical, logical: logical, isList: false)
        for cell in cells { leaf.add(cell) }
        return leaf
    }

    /// The element type when every non-null cell is a list of scalars of one kind (ints and
    /// doubles together are doubles; lists with no element at all, doubles); nil otherwise (and
    /// for a column of nulls only, which is written as strings).
    private static func listElementType(_ values: [ConfigValue]) -> (Leaf.Physical, Leaf.Logical)? {
        var kinds = Set<Leaf.Physical>()
        var sawList = false
        for value in values {
            switch value {
            case .null: continue
            case .list(let items):
                sawList = true
                for item in items {
                    switch item {
                    case .null: continue
                    case .int: kinds.insert(.int64)
                    case .double: kinds.insert(.double)
                    case .string: kinds.insert(.byteArray)
                    case .bool: kinds.insert(.boolean)
                    default: return nil
                    }
                }
            default: return nil
            }
        }
        if kinds == [.int64, .double] { return (.double, .none) }
        guard sawList, kinds.count <= 1 else { return nil }
        let kind = kinds.first ?? .double
        return (kind, kind == .byteArray ? .string : .none)
    }
}

extension ParquetEncoder.Leaf {
    /// One flat cell: definition level 1 and its value, or 0 for null.
    mutating func add(_ value: ConfigValue?) {
        guard let value, !value.isNull else { definition.append(0); return }
        definition.append(1)
        append(value)
    }

    /// One list cell: levels for a null list (0), an empty list (1), and each element (2 null, 3 value).
    mutating func addList(_ value: ConfigValue) {
        guard case .list(let items) = value else { repetition.append(0); definition.append(0); return }
        guard !items.isEmpty else { repetition.append(0); definition.append(1); return }
        for (index, item) in items.enumerated() {
            repetition.append(index == 0 ? 0 : 1)
            if item.isNull { definition.append(2) } else { definition.append(3); append(item) }
        }
    }

    /// A present value, PLAIN-encoded for this leaf's physical type.
    private mutating func append(_ value: ConfigValue) {
        switch physical {
        case .int64: values += withUnsafeBytes(of: Int64(value.intValue ?? 0).littleEndian) { Array($0) }
        case .double: values += withUnsafeBytes(of: (value.doubleValue ?? .nan).bitPattern.littleEndian) { Array($0) }
        case .boolean: bits.append(value == .bool(true))
        case .byteArray:
            let text = Array((value.stringValue ?? JSONWriter.string(value)).utf8)
            values += withUnsafeBytes(of: UInt32(text.count).littleEndian) { Array($0) }
            values += text
        }
    }
}
